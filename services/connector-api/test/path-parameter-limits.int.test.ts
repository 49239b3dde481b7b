import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { standardProvisioning } from './support/portals.js';
import { startTestApi, type TestApi } from './support/test-api.js';

// Fastify's router rejected path parameters longer than 100 characters itself, with a 414 and a
// body of its own (code FST_ERR_MAX_PARAM_LENGTH, no request id), although ids of up to 128
// characters are valid. A path with an invalid percent-encoding got Fastify's FST_ERR_BAD_URL body.
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ provision: standardProvisioning() });
});

afterAll(async () => {
  await api?.close();
});

function expectApiError(
  response: { statusCode: number; json(): Record<string, unknown>; headers: Record<string, unknown> },
  status: number,
  code: string,
) {
  expect(response.statusCode).toBe(status);
  const body = response.json();
  expect(body.code).toBe(code);
  expect(body.statusCode).toBe(status);
  expect(body.requestId).toBe(response.headers['x-request-id']);
  return body;
}

describe('path parameter limits', () => {
  it('128-character account id works', async () => {
    const accountId = `a${'b'.repeat(127)}`;
    const key = await api.keyFor(accountId);

    const response = await api.call(key, { method: 'GET', url: `/v1/accounts/${accountId}/activations` });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ activations: [] });
  });

  it('129-character id names parameter', async () => {
    const key = await api.keyFor('acct-long-ids');

    const response = await api.call(key, {
      method: 'PUT',
      url: `/v1/accounts/acct-long-ids/workspaces/${'w'.repeat(129)}/activation`,
    });

    const body = expectApiError(response, 400, 'API_VALIDATION_FAILED');
    expect(body.message).toContain('params.workspaceId: expected an id of 1 to 128');
  });

  it('overlong id gets API error body', async () => {
    const key = await api.keyFor('acct-long-ids');

    const response = await api.call(key, {
      method: 'GET',
      url: `/v1/accounts/acct-long-ids/sync/events/${'e'.repeat(5000)}`,
    });

    const body = expectApiError(response, 400, 'API_VALIDATION_FAILED');
    expect(body.message).toContain('at most 128 characters');
    expect(response.body).not.toContain('e'.repeat(200));
  });

  it('bad percent-encoding gets API error body', async () => {
    const key = await api.keyFor('acct-long-ids');

    const response = await api.call(key, {
      method: 'GET',
      url: '/v1/accounts/acct-long-ids%E0%A4%A/connection',
    });

    const body = expectApiError(response, 400, 'API_VALIDATION_FAILED');
    expect(body.message).toContain('percent-encoding');
  });
});
