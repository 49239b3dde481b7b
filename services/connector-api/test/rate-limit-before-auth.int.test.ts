import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildApp } from '../src/app.js';
import { standardProvisioning } from './support/portals.js';
import { startTestApi, type TestApi } from './support/test-api.js';

// The rate limit ran as a route-level hook, after the authentication hook of the /v1 routes. A
// request with an unknown, revoked or guessed key was rejected with 401 before it was counted, so
// key and operator-key guesses were never rate limited.
let api: TestApi;
let app: FastifyInstance;

beforeAll(async () => {
  api = await startTestApi({ provision: standardProvisioning() });
  app = await buildApp({ ...api.deps, config: { ...api.deps.config, RATE_LIMIT_MAX: 3 } });
});

afterAll(async () => {
  await app?.close();
  await api?.close();
});

async function statusesOf(headers: Record<string, string>, url: string, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let attempt = 0; attempt < count; attempt += 1) {
    const response = await app.inject({ method: 'GET', url, headers });
    statuses.push(response.statusCode);
  }
  return statuses;
}

describe('rate limit before authentication', () => {
  it('counts requests with an unknown key', async () => {
    const unknownKey = `onk_${'0'.repeat(16)}_${'x'.repeat(43)}`;

    const statuses = await statusesOf({ 'x-api-key': unknownKey }, '/v1/accounts/acct-a/activations', 5);

    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  it('counts operator key guesses', async () => {
    const statuses = await statusesOf({ 'x-api-key': 'guess-'.repeat(8) }, '/v1/api-keys?accountId=a', 5);

    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  it('429 carries the API error body', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/v1/api-keys?accountId=a',
      headers: { 'x-api-key': 'guess-'.repeat(8) },
    });

    expect(response.statusCode).toBe(429);
    expect(response.json().code).toBe('API_RATE_LIMITED');
    expect(response.json().requestId).toBe(response.headers['x-request-id']);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('keeps a valid key its own budget', async () => {
    const key = await api.keyFor('acct-own-budget');

    const statuses = await statusesOf({ 'x-api-key': key }, '/v1/accounts/acct-own-budget/activations', 4);

    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('leaves probes and metrics unlimited', async () => {
    const statuses = await statusesOf({}, '/healthz', 5);
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });

    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(metrics.statusCode).toBe(200);
  });
});
