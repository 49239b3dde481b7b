import { spawn } from 'node:child_process';
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SandboxError, createSandbox } from '../src/index.js';
import { PORTAL_ID, TOKEN, call, startSandbox } from './helpers.js';

describe('server', () => {
  it('sandbox listens on 127.0.0.1 with a random port by default', async () => {
    const sandbox = await startSandbox();

    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.port).toBeGreaterThan(0);
  });

  it('sandbox rejects a non-loopback host unless allowed', async () => {
    await expect(createSandbox({ host: '0.0.0.0' })).rejects.toBeInstanceOf(SandboxError);
    await expect(createSandbox({ host: '0.0.0.0' })).rejects.toMatchObject({
      code: 'SANDBOX_ERR_NON_LOOPBACK_HOST',
    });
  });

  it('paths with and without a trailing slash reach the same route', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.addList(PORTAL_ID, { name: 'Slash' });

    const withSlash = await call(sandbox, '/crm/v3/lists/?listIds=1');
    const withoutSlash = await call(sandbox, '/crm/v3/lists?listIds=1');

    expect(withSlash.status).toBe(200);
    expect(withSlash.json()).toEqual(withoutSlash.json());
  });

  it('malformed JSON gets a HubSpot 400 VALIDATION_ERROR', async () => {
    const sandbox = await startSandbox();

    const response = await call(sandbox, '/crm/v3/lists/search', { method: 'POST', body: '{"query": ' });

    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
  });

  it('body missing a required field gets 400 naming it', async () => {
    const sandbox = await startSandbox();

    const response = await call(sandbox, '/crm/v3/objects/contacts/batch/read', {
      method: 'POST',
      body: { properties: [] },
    });

    expect(response.status).toBe(400);
    expect((response.json() as { message: string }).message).toContain('inputs');
  });

  it('empty body with a JSON content type is accepted', async () => {
    const sandbox = await startSandbox();

    const response = await call(sandbox, '/crm/v3/lists/search', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });

    expect(response.status).toBe(200);
  });

  it('unknown path gets a JSON 404 and appears in the request log', async () => {
    const sandbox = await startSandbox();

    const response = await call(sandbox, '/crm/v3/unknown');

    expect(response.status).toBe(404);
    expect(response.json()).toMatchObject({ status: 'error', category: 'OBJECT_NOT_FOUND' });
    expect(sandbox.admin.requestCounts()).toEqual({ 'GET /crm/v3/unknown': { '404': 1 } });
  });

  it('request log records route, status, portal and body', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.addList(PORTAL_ID, { name: 'Logged' });

    await call(sandbox, '/crm/v3/lists/1/memberships?limit=5');
    await call(sandbox, '/crm/v3/lists/search', { method: 'POST', body: { query: 'Log' } });

    const [entry] = sandbox.admin.requests({ path: '/crm/v3/lists/*/memberships', method: 'get' });
    expect(entry).toMatchObject({
      route: '/crm/v3/lists/:listId/memberships',
      status: 200,
      portalId: PORTAL_ID,
      query: { limit: '5' },
    });
    expect(sandbox.admin.requests({ method: 'POST' })[0]?.body).toEqual({ query: 'Log' });
    expect(sandbox.admin.requestCounts()).toMatchObject({
      'GET /crm/v3/lists/:listId/memberships': { '200': 1 },
    });
  });
});

describe('cli', () => {
  const cli = join(import.meta.dirname, '..', 'src', 'cli.ts');
  const tsx = join(import.meta.dirname, '..', '..', '..', 'node_modules', '.bin', 'tsx');

  function runCli(args: string[]): {
    output: Promise<string>;
    exit: Promise<number | null>;
    stop: () => void;
  } {
    const child = spawn(tsx, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const listening = new Promise<string>((resolve) => {
      child.stdout.on('data', () => {
        if (output.includes('listening on')) resolve(output);
      });
      void exit.then(() => resolve(output));
    });
    return { output: listening, exit, stop: () => child.kill('SIGTERM') };
  }

  it('cli starts with a provisioning file and serves its portal', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'sandbox-cli-'));
    const file = join(directory, 'sandbox.json');
    await writeFile(
      file,
      JSON.stringify({
        portals: [
          {
            portalId: 31,
            tokens: [{ token: TOKEN, scopes: ['crm.lists.read'] }],
            lists: [{ name: 'CLI', generate: 3 }],
          },
        ],
      }),
    );
    const run = runCli(['--port', '0', '--provision', file, '--log-level', 'warn']);

    const output = await run.output;
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    const response = await fetch(`${url}/crm/v3/lists/1`, { headers: { authorization: `Bearer ${TOKEN}` } });
    run.stop();

    expect(url).toBeDefined();
    expect(response.status).toBe(200);
    expect(await run.exit).toBe(0);
  }, 20_000);

  it('cli refuses a non-loopback host without --allow-non-loopback', async () => {
    const run = runCli(['--host', '0.0.0.0', '--port', '0']);

    expect(await run.exit).toBe(2);
    expect(await run.output).toContain('SANDBOX_ERR_NON_LOOPBACK_HOST');
  }, 20_000);

  it('cli reports an invalid provisioning file with the field name', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'sandbox-cli-'));
    const file = join(directory, 'bad.json');
    await writeFile(file, JSON.stringify({ portals: [{ portalId: 'abc' }] }));
    const run = runCli(['--port', '0', '--provision', file]);

    expect(await run.exit).toBe(2);
    expect(await run.output).toContain('portals.0.portalId');
  }, 20_000);
});
