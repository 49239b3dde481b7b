import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { testServers, uniqueDatabaseUri, uniqueName } from '@oniva-hubspot/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { standardProvisioning } from './support/portals.js';
import { startSandbox, type SandboxHandle } from './support/sandbox.js';

const serviceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

let sandbox: SandboxHandle;
let child: ChildProcess | undefined;
const output: string[] = [];

beforeAll(async () => {
  // The same build as `npm run build -w @oniva-hubspot/connector-api`.
  await promisify(execFile)('npx', ['tsup'], { cwd: serviceRoot, timeout: 120_000 });
  sandbox = await startSandbox(standardProvisioning());
}, 180_000);

afterAll(async () => {
  child?.kill('SIGKILL');
  await sandbox?.close();
});

function startService(): Promise<string> {
  const { kafkaBrokers } = testServers();
  child = spawn(process.execPath, ['dist/main.js'], {
    cwd: serviceRoot,
    env: {
      PATH: process.env.PATH,
      KAFKA_BROKERS: kafkaBrokers.join(','),
      MONGODB_URI: uniqueDatabaseUri('connector_api_main'),
      HUBSPOT_BASE_PATH: sandbox.url,
      TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      TOKEN_ENCRYPTION_ACTIVE_KEY_ID: 'k1',
      OPERATOR_API_KEY: randomBytes(32).toString('base64url'),
      PORT: '0',
      TOPIC_CONFIG_CHANGES: uniqueName('config-changes'),
      TOPIC_IMPORT_REQUESTS: uniqueName('import-requests'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start:\n${output.join('')}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString('utf8'));
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output.join(''));
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child?.stdout?.on('data', onData);
    child?.stderr?.on('data', onData);
    child?.on('exit', (code) => reject(new Error(`service exited with ${code}:\n${output.join('')}`)));
  });
}

describe('built service', () => {
  it('starts from dist/main.js, serves health and stops on SIGTERM', async () => {
    const url = await startService();

    const health = await fetch(`${url}/healthz`);
    const ready = await fetch(`${url}/readyz`);
    expect(health.status).toBe(200);
    expect(ready.status).toBe(200);

    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child?.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output.join('')).toContain('shutdown complete');
  });

  it('exits with the names of invalid variables when the configuration is wrong', async () => {
    const result = await new Promise<{ code: number | null; text: string }>((resolve) => {
      const service = spawn(process.execPath, ['dist/main.js'], {
        cwd: serviceRoot,
        env: { PATH: process.env.PATH, KAFKA_BROKERS: 'kafka', OPERATOR_API_KEY: 'short' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      service.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      service.stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      service.on('exit', (code) => resolve({ code, text }));
    });

    expect(result.code).toBe(1);
    expect(result.text).toContain('KAFKA_BROKERS: expected host:port');
    expect(result.text).toContain('OPERATOR_API_KEY');
    expect(result.text).toContain('MONGODB_URI');
    expect(result.text).not.toContain('short');
  });
});
