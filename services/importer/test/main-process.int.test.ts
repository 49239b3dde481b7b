import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ImportFixture } from './support/fixture.js';
import { waitFor } from './support/wait.js';

const SERVICE_DIR = fileURLToPath(new URL('..', import.meta.url));
const GENERATED = 200;

describe('built importer', () => {
  let fixture: ImportFixture;
  let child: ChildProcess | undefined;
  const output: string[] = [];

  beforeAll(async () => {
    // The same build as `npm run build -w @oniva-hubspot/importer`.
    await promisify(execFile)('npx', ['tsup'], { cwd: SERVICE_DIR, timeout: 120_000 });
    // A lease far longer than the test: only a release at shutdown lets another importer continue.
    fixture = await ImportFixture.create({ generated: GENERATED, pageSize: 20, leaseDuration: '60s' });
  }, 180_000);

  afterAll(async () => {
    child?.kill('SIGKILL');
    await fixture?.close();
  });

  /** Starts `node dist/main.js` and resolves with the port of its operations server. */
  function startBuiltImporter(): Promise<number> {
    child = spawn(process.execPath, ['dist/main.js'], {
      cwd: SERVICE_DIR,
      env: { PATH: process.env.PATH, ...fixture.env, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`importer did not start:\n${output.join('')}`)),
        60_000,
      );
      const onData = (chunk: Buffer) => {
        output.push(chunk.toString('utf8'));
        const match = /"opsPort":(\d+),"msg":"operations server listening"/.exec(output.join(''));
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      };
      child?.stdout?.on('data', onData);
      child?.stderr?.on('data', onData);
      child?.once('exit', (code) => reject(new Error(`importer exited with ${code}:\n${output.join('')}`)));
    });
  }

  it('serves health and runs an import', async () => {
    const port = await startBuiltImporter();

    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);

    const run = await fixture.finishedRun(
      await fixture.requestImport({ mode: 'create', eventId: 'evt-built' }),
    );
    expect(run.state).toBe('completed');
    expect(run.counts.created).toBe(GENERATED);

    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain(
      `oniva_hubspot_import_contacts_total{outcome="created",service="importer"} ${GENERATED}`,
    );
  });

  it('names invalid variables and exits', async () => {
    const { TOKEN_ENCRYPTION_KEYS: _keys, ...env } = fixture.env;
    const result = await new Promise<{ code: number | null; text: string }>((resolve) => {
      const chunks: string[] = [];
      const invalid = spawn(process.execPath, ['dist/main.js'], {
        cwd: SERVICE_DIR,
        env: { PATH: process.env.PATH, ...env, IMPORT_PAGE_SIZE: '500' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      invalid.stdout.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
      invalid.stderr.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
      invalid.once('exit', (code) => resolve({ code, text: chunks.join('') }));
    });

    expect(result.code).not.toBe(0);
    expect(result.text).toContain('TOKEN_ENCRYPTION_KEYS');
    expect(result.text).toContain('IMPORT_PAGE_SIZE: expected at most 250');
    // A stack trace used to follow the message; the message alone tells what to fix.
    expect(result.text).not.toContain('    at ');
  });

  it('releases the lease on SIGTERM', async () => {
    fixture.sandbox.admin.addFault({
      match: { path: '/crm/v3/lists/*/memberships' },
      effect: { type: 'latency', ms: 250 },
    });
    const importId = await fixture.requestImport({ mode: 'create', eventId: 'evt-shutdown' });
    await waitFor(
      async () => ((await fixture.models.ImportRun.findOne({ importId }).lean())?.cursor.page ?? 0) >= 2,
      'two pages of the run',
    );

    const exited = once(child!, 'exit');
    child!.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
    expect(output.join('')).toContain('import run released at shutdown');
    const lease = await fixture.models.ImportRunLease.findOne({ importId }).sort({ epoch: -1 }).lean();
    expect(lease).toMatchObject({ kind: 'release', owner: null });
    expect((await fixture.models.ImportRun.findOne({ importId }).lean())?.state).toBe('running');

    fixture.sandbox.admin.clearFaults();
    await fixture.startImporter('successor');
    const run = await fixture.finishedRun(importId, 20_000);

    expect(run.state).toBe('completed');
    expect(run.counts).toEqual({
      read: GENERATED + 4,
      created: GENERATED,
      updated: 0,
      unchanged: 0,
      skipped: 4,
      failed: 0,
    });
  });
});
