import { afterEach, describe, expect, it } from 'vitest';

import { createMetrics, recordsApplied, startOpsServer, type OpsServer } from '../src/index.js';

// The ops server under test listens on 127.0.0.1 with a port the operating system picks.
let server: OpsServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function get(
  path: string,
  method = 'GET',
): Promise<{ status: number; body: string; type: string | null }> {
  const response = await fetch(`http://127.0.0.1:${server!.port}${path}`, { method });
  return { status: response.status, body: await response.text(), type: response.headers.get('content-type') };
}

describe('startOpsServer', () => {
  it('metrics endpoint serves Prometheus text', async () => {
    const registry = createMetrics('link-sink');
    recordsApplied(registry).inc(2);
    server = await startOpsServer({ port: 0, registry });

    const response = await get('/metrics');
    expect(response.status).toBe(200);
    expect(response.type).toContain('text/plain');
    expect(response.body).toContain('oniva_hubspot_records_applied_total{service="link-sink"} 2');
  });

  it('healthz passes without checks', async () => {
    server = await startOpsServer({ port: 0, registry: createMetrics('importer') });
    const response = await get('/healthz');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: 'ok', failing: [], checks: {} });
  });

  it('readyz returns 503 naming failing checks', async () => {
    server = await startOpsServer({
      port: 0,
      registry: createMetrics('importer'),
      checkTimeoutMs: 100,
      checks: {
        live: { loop: () => true },
        ready: {
          mongodb: async () => undefined,
          kafka: () => false,
          hubspot: () => {
            throw new Error('sandbox unreachable');
          },
          slow: () => new Promise((resolve) => setTimeout(resolve, 1_000)),
        },
      },
    });

    const ready = await get('/readyz');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toEqual({
      status: 'failing',
      failing: ['kafka', 'hubspot', 'slow'],
      checks: {
        mongodb: 'ok',
        kafka: 'failed',
        hubspot: 'failed: sandbox unreachable',
        slow: 'timed out after 100 ms',
      },
    });
    expect((await get('/healthz')).status).toBe(200);
  });

  it('unknown path returns 404', async () => {
    server = await startOpsServer({ port: 0, registry: createMetrics('importer') });
    expect((await get('/nope')).status).toBe(404);
  });

  it('POST returns 405', async () => {
    server = await startOpsServer({ port: 0, registry: createMetrics('importer') });
    expect((await get('/metrics', 'POST')).status).toBe(405);
  });

  it('close stops listening', async () => {
    const started = await startOpsServer({ port: 0, registry: createMetrics('importer') });
    await started.close();
    await expect(fetch(`http://127.0.0.1:${started.port}/healthz`)).rejects.toThrow();
  });
});
