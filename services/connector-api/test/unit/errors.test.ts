import { readFileSync } from 'node:fs';

import { HubSpotError } from '@oniva-hubspot/hubspot-gateway';
import { StoreError } from '@oniva-hubspot/store';
import type { FastifyError } from 'fastify';
import { describe, expect, it } from 'vitest';

import { API_ERROR_CODES, API_ERROR_STATUS, ApiError } from '../../src/errors.js';
import { toApiError } from '../../src/http/error-handler.js';
import { fromHubSpotError } from '../../src/hubspot/errors.js';

function fastifyError(code: string, statusCode: number): FastifyError {
  return Object.assign(new Error(code), { code, statusCode, name: 'FastifyError' }) as FastifyError;
}

describe('error catalogue', () => {
  it('gives every code a 4xx or 5xx status', () => {
    for (const code of API_ERROR_CODES) {
      expect(API_ERROR_STATUS[code], code).toBeGreaterThanOrEqual(400);
    }
  });

  it('documents every code in the README', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

    for (const code of API_ERROR_CODES) {
      expect(readme, code).toContain(`\`${code}\``);
    }
  });
});

describe('toApiError', () => {
  it.each([
    ['FST_ERR_CTP_INVALID_JSON_BODY', 400, 'API_MALFORMED_JSON'],
    ['FST_ERR_CTP_EMPTY_JSON_BODY', 400, 'API_MALFORMED_JSON'],
    ['FST_ERR_CTP_BODY_TOO_LARGE', 413, 'API_BODY_TOO_LARGE'],
    ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, 'API_UNSUPPORTED_MEDIA_TYPE'],
  ])('maps %s to %s', (code, status, expected) => {
    expect(toApiError(fastifyError(code, status)).code).toBe(expected);
  });

  it('maps an unexpected error to API_INTERNAL_ERROR without its message', () => {
    const error = toApiError(new Error('connection string mongodb://user:pass@host'));

    expect(error.code).toBe('API_INTERNAL_ERROR');
    expect(error.message).not.toContain('pass@host');
  });

  it('maps an unreachable database to API_DEPENDENCY_UNAVAILABLE', () => {
    const unreachable = Object.assign(new Error('connect ECONNREFUSED'), {
      name: 'MongoServerSelectionError',
    });

    expect(toApiError(unreachable).code).toBe('API_DEPENDENCY_UNAVAILABLE');
    expect(toApiError(unreachable).statusCode).toBe(503);
  });

  it('explains a token that cannot be decrypted', () => {
    const error = toApiError(
      new StoreError('STORE_ERR_TOKEN_KEY_UNKNOWN', 'Token was encrypted with key "k7"'),
    );

    expect(error.code).toBe('API_INTERNAL_ERROR');
    expect(error.message).toContain('key "k7"');
    expect(error.message).toContain('PUT …/connection/token');
  });

  it('passes an ApiError through', () => {
    const original = new ApiError('API_IMPORT_FINISHED', 'done');

    expect(toApiError(original)).toBe(original);
  });
});

describe('fromHubSpotError', () => {
  it('maps a rejected request token to API_HUBSPOT_TOKEN_REJECTED', () => {
    const error = fromHubSpotError(
      new HubSpotError({
        code: 'HUBSPOT_TOKEN_INVALID',
        message: 'rejected',
        status: 401,
        category: 'INVALID_AUTHENTICATION',
      }),
      { kind: 'request' },
    ) as ApiError;

    expect(error.code).toBe('API_HUBSPOT_TOKEN_REJECTED');
    expect(error.message).toContain('status 401, INVALID_AUTHENTICATION');
  });

  it('names the rotation route for a rejected stored token', () => {
    const error = fromHubSpotError(new HubSpotError({ code: 'HUBSPOT_TOKEN_INVALID', message: 'rejected' }), {
      kind: 'stored',
      accountId: 'acct-1',
    }) as ApiError;

    expect(error.message).toContain('PUT /v1/accounts/acct-1/connection/token');
  });

  it('maps missing scopes with the scopes HubSpot names', () => {
    const error = fromHubSpotError(
      new HubSpotError({
        code: 'HUBSPOT_MISSING_SCOPES',
        message: 'scopes',
        requiredScopes: ['crm.lists.read'],
      }),
      { kind: 'request' },
    ) as ApiError;

    expect(error.code).toBe('API_HUBSPOT_MISSING_SCOPES');
    expect(error.details).toEqual({ requiredScopes: ['crm.lists.read'] });
  });

  it('maps the daily limit with Retry-After until the reset', () => {
    const now = new Date('2026-05-01T10:00:00Z');
    const error = fromHubSpotError(
      new HubSpotError({
        code: 'HUBSPOT_DAILY_LIMIT_REACHED',
        message: 'daily',
        resetsAt: new Date('2026-05-01T22:00:00Z'),
      }),
      { kind: 'request' },
      now,
    ) as ApiError;

    expect(error.code).toBe('API_HUBSPOT_DAILY_LIMIT_REACHED');
    expect(error.retryAfterSeconds).toBe(12 * 3600);
  });

  it('maps a retriable failure to API_HUBSPOT_UNAVAILABLE', () => {
    const error = fromHubSpotError(
      new HubSpotError({ code: 'HUBSPOT_SERVER_ERROR', message: '502', status: 502, retryAfterMs: 1500 }),
      { kind: 'request' },
    ) as ApiError;

    expect(error.code).toBe('API_HUBSPOT_UNAVAILABLE');
    expect(error.retryAfterSeconds).toBe(2);
    expect(error.details).toMatchObject({ retriable: true });
  });

  it('returns other errors unchanged', () => {
    const original = new Error('other');

    expect(fromHubSpotError(original, { kind: 'request' })).toBe(original);
  });
});
