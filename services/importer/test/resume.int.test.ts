import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';

import { ImportFixture } from './support/fixture.js';
import { waitFor } from './support/wait.js';

const GENERATED = 400;
const PAGE_SIZE = 40;
const SERVICE_DIR = fileURLToPath(new URL('..', import.meta.url));

describe('import run after a crash', () => {
  let fixture: ImportFixture;

  beforeAll(async () => {
    fixture = await ImportFixture.create({ generated: GENERATED, pageSize: PAGE_SIZE, leaseDuration: '3s' });
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it('resumes without duplicates after SIGKILL', async () => {
    // Slow pages down so the kill lands in the middle of the run.
    fixture.sandbox.admin.addFault({
      match: { path: '/crm/v3/lists/*/memberships' },
      effect: { type: 'latency', ms: 300 },
    });
    // One node process with the tsx loader: the tsx command would start the importer as a grandchild
    // that survives the SIGKILL.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: SERVICE_DIR,
      env: { ...process.env, ...fixture.env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const exited = once(child, 'exit');
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    const importId = await fixture.requestImport({ mode: 'create' });

    await waitFor(
      async () => ((await fixture.models.ImportRun.findOne({ importId }).lean())?.cursor.page ?? 0) >= 3,
      'the child importer to finish three pages',
      60_000,
    );
    child.kill('SIGKILL');
    await exited;
    const pageAtKill = (await fixture.models.ImportRun.findOne({ importId }).lean())!.cursor.page;
    fixture.sandbox.admin.clearFaults();
    fixture.sandbox.admin.clearRequests();

    await fixture.startImporter('survivor');
    const run = await fixture.finishedRun(importId);

    expect(run.state).toBe('completed');
    expect(run.counts).toEqual({
      read: GENERATED + 4,
      created: GENERATED,
      updated: 0,
      unchanged: 0,
      skipped: 4,
      failed: 0,
    });

    const pages = Math.ceil((GENERATED + 4) / PAGE_SIZE);
    const pagesAfterKill = fixture.sandbox.admin
      .requests()
      .filter((entry) => entry.path.endsWith('/memberships')).length;
    expect(pageAtKill).toBeGreaterThanOrEqual(3);
    expect(pagesAfterKill).toBeGreaterThan(0);
    expect(pagesAfterKill).toBeLessThanOrEqual(pages - pageAtKill + 1);

    await waitFor(
      () =>
        fixture.collector
          .of(fixture.config.IMPORT_STATUS_TOPIC, importId)
          .some((record) => record.value['state'] === 'completed'),
      'the completed status record',
    );
    const keys = fixture.collector
      .of(fixture.config.CONTACT_IMPORTS_TOPIC, importId)
      .map((record) => record.key);
    expect(new Set(keys).size).toBe(GENERATED);
    expect([...new Set(keys)].sort()).toEqual(fixture.generatedIds.map((id) => `evt-1:${id}`).sort());
    const imported = await fixture.models.ImportedContact.countDocuments({ importId });
    expect(imported).toBe(GENERATED);
  });
});
