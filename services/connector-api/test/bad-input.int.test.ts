import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { allFeatures, standardProvisioning, TOKENS } from './support/portals.js';
import { startTestApi, type TestApi } from './support/test-api.js';

let api: TestApi;
let key: string;
const accountId = 'acct-bad-input';
const connectionUrl = `/v1/accounts/${accountId}/connection`;

beforeAll(async () => {
  api = await startTestApi({ provision: standardProvisioning(), env: { BODY_LIMIT_BYTES: '2048' } });
  key = await api.keyFor(accountId);
});

afterAll(async () => {
  await api?.close();
});

/** Asserts the common error body and returns it. */
function expectError(
  response: { statusCode: number; json(): Record<string, unknown>; headers: Record<string, unknown> },
  status: number,
  code: string,
) {
  expect(response.statusCode).toBe(status);
  const body = response.json();
  expect(body.code).toBe(code);
  expect(body.statusCode).toBe(status);
  expect(body.requestId).toBe(response.headers['x-request-id']);
  expect(typeof body.message).toBe('string');
  return body;
}

describe('bad request bodies', () => {
  it('malformed JSON gets API_MALFORMED_JSON', async () => {
    const response = await api.call(key, {
      method: 'POST',
      url: connectionUrl,
      headers: { 'content-type': 'application/json' },
      payload: `{"accessToken": "${TOKENS.full}", "features": {`,
    });

    const body = expectError(response, 400, 'API_MALFORMED_JSON');
    expect(response.body).not.toContain(TOKENS.full);
    expect(body.message).toContain('not valid JSON');
  });

  it('empty JSON body gets API_MALFORMED_JSON', async () => {
    const response = await api.call(key, {
      method: 'POST',
      url: connectionUrl,
      headers: { 'content-type': 'application/json' },
      payload: '',
    });

    expectError(response, 400, 'API_MALFORMED_JSON');
  });

  it('wrong type names the field and the expected type', async () => {
    const response = await api.call(key, {
      method: 'POST',
      url: connectionUrl,
      payload: {
        accessToken: TOKENS.full,
        features: { contactImport: 'yes', marketingEvents: true, customObjects: false },
      },
    });

    const body = expectError(response, 400, 'API_VALIDATION_FAILED');
    expect(body.details).toEqual({
      issues: [{ field: 'body.features.contactImport', message: 'expected a boolean, received a string' }],
    });
    expect(body.message).toContain('body.features.contactImport');
  });

  it('missing field says that it is missing', async () => {
    const response = await api.call(key, {
      method: 'POST',
      url: connectionUrl,
      payload: { accessToken: TOKENS.full },
    });

    const body = expectError(response, 400, 'API_VALIDATION_FAILED');
    expect(body.message).toContain('body.features: expected an object, but the field is missing');
  });

  it('unknown field is rejected with its name', async () => {
    const response = await api.call(key, {
      method: 'POST',
      url: connectionUrl,
      payload: { ...allFeatures(), portal: 7001 },
    });

    const body = expectError(response, 400, 'API_VALIDATION_FAILED');
    expect(body.message).toContain('unknown field "portal"; remove it');
  });

  it('token of the wrong type is named without its value', async () => {
    const response = await api.call(key, {
      method: 'PUT',
      url: `${connectionUrl}/token`,
      payload: { accessToken: ['pat-na1-looks-like-a-token-123456'] },
    });

    const body = expectError(response, 400, 'API_VALIDATION_FAILED');
    expect(body.message).toContain('body.accessToken');
    expect(response.body).not.toContain('looks-like-a-token');
  });

  it('token with spaces is rejected without being echoed', async () => {
    const response = await api.call(key, {
      method: 'POST',
      url: connectionUrl,
      payload: allFeatures('pat-na1 secret-part-that-must-not-leak'),
    });

    expectError(response, 400, 'API_VALIDATION_FAILED');
    expect(response.body).not.toContain('secret-part');
  });

  it('oversized body gets API_BODY_TOO_LARGE', async () => {
    const response = await api.call(key, {
      method: 'POST',
      url: connectionUrl,
      payload: { ...allFeatures(), padding: 'x'.repeat(4096) },
    });

    expectError(response, 413, 'API_BODY_TOO_LARGE');
  });

  it('non-JSON content type gets API_UNSUPPORTED_MEDIA_TYPE', async () => {
    const response = await api.call(key, {
      method: 'POST',
      url: connectionUrl,
      headers: { 'content-type': 'application/xml' },
      payload: '<connection/>',
    });

    expectError(response, 415, 'API_UNSUPPORTED_MEDIA_TYPE');
  });

  it('no feature enabled is rejected', async () => {
    const response = await api.call(key, {
      method: 'POST',
      url: connectionUrl,
      payload: {
        accessToken: TOKENS.full,
        features: { contactImport: false, marketingEvents: false, customObjects: false },
      },
    });

    const body = expectError(response, 400, 'API_VALIDATION_FAILED');
    expect(body.message).toContain('at least one feature');
  });
});

describe('bad ids and query strings', () => {
  it('invalid account id in the path is rejected', async () => {
    const response = await api.call(key, {
      method: 'GET',
      url: `/v1/accounts/${encodeURIComponent('bad id!')}/connection`,
    });

    // The key belongs to another account id, so the caller learns nothing about the path.
    expectError(response, 404, 'API_CONNECTION_NOT_FOUND');
  });

  it('invalid import id names the parameter', async () => {
    const response = await api.call(key, {
      method: 'GET',
      url: `/v1/accounts/${accountId}/imports/not-a-uuid`,
    });

    const body = expectError(response, 400, 'API_VALIDATION_FAILED');
    expect(body.details).toEqual({
      issues: [
        { field: 'params.importId', message: 'expected an import id (a UUID returned by POST …/imports)' },
      ],
    });
  });

  it('invalid record id names the parameter', async () => {
    const response = await api.call(key, {
      method: 'POST',
      url: `/v1/accounts/${accountId}/sync/dead-letters/replay`,
      payload: { ids: ['xyz'] },
    });

    const body = expectError(response, 400, 'API_VALIDATION_FAILED');
    expect(body.details).toEqual({
      issues: [
        {
          field: 'body.ids[0]',
          message: 'expected a record id of 24 hexadecimal characters, as listed by the API',
        },
      ],
    });
  });

  it('invalid event id in the path is rejected', async () => {
    const response = await api.call(key, {
      method: 'PUT',
      url: `/v1/accounts/${accountId}/workspaces/ws-1/events/ev*1/activation`,
    });

    const body = expectError(response, 400, 'API_VALIDATION_FAILED');
    expect(body.message).toContain('params.eventId: expected an id');
  });

  it('query parameter out of range names the parameter', async () => {
    const response = await api.call(key, {
      method: 'GET',
      url: `/v1/accounts/${accountId}/imports?limit=5000`,
    });

    const body = expectError(response, 400, 'API_VALIDATION_FAILED');
    expect(body.message).toContain('query.limit: expected an integer from 1 to 200');
  });

  it('unknown query parameter is rejected', async () => {
    const response = await api.call(key, {
      method: 'GET',
      url: `/v1/accounts/${accountId}/imports?sort=asc`,
    });

    const body = expectError(response, 400, 'API_VALIDATION_FAILED');
    expect(body.message).toContain('unknown field "sort"');
  });

  it('unknown route gets API_ROUTE_NOT_FOUND', async () => {
    const response = await api.call(key, { method: 'GET', url: '/v1/nothing-here' });

    expectError(response, 404, 'API_ROUTE_NOT_FOUND');
  });
});

describe('HubSpot rejections', () => {
  it('token that HubSpot rejects gets API_HUBSPOT_TOKEN_REJECTED', async () => {
    const response = await api.call(key, {
      method: 'POST',
      url: connectionUrl,
      payload: allFeatures(TOKENS.unknown),
    });

    const body = expectError(response, 422, 'API_HUBSPOT_TOKEN_REJECTED');
    expect(body.message).toContain('Copy the current token');
    expect(response.body).not.toContain(TOKENS.unknown);
  });

  it('feature whose scopes are missing gets API_HUBSPOT_MISSING_SCOPES', async () => {
    const response = await api.call(key, {
      method: 'POST',
      url: connectionUrl,
      payload: {
        accessToken: TOKENS.importOnly,
        features: { contactImport: true, marketingEvents: true, customObjects: false },
      },
    });

    const body = expectError(response, 422, 'API_HUBSPOT_MISSING_SCOPES');
    expect(body.details).toMatchObject({
      missingScopes: {
        marketingEvents: [
          'crm.objects.contacts.write',
          'crm.objects.marketing_events.read',
          'crm.objects.marketing_events.write',
        ],
      },
    });
  });
});
