import { describe, expect, it } from 'vitest';

import { classifyFailure, classifyItemError, type CapturedResponse } from '../src/classify.js';
import { HUBSPOT_ERROR_CODES, type HubSpotErrorCode, type HubSpotErrorKind } from '../src/errors.js';

const JSON_HEADERS = { 'content-type': 'application/json;charset=utf-8' };

function response(status: number, body: unknown, headers: Record<string, string> = {}): CapturedResponse {
  return {
    status,
    headers: { ...JSON_HEADERS, ...headers },
    bodyText: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

const unauthenticated = {
  status: 'error',
  message:
    'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
  correlationId: '4a1c7f52-0000-4000-8000-000000000001',
  category: 'INVALID_AUTHENTICATION',
};
const expired = {
  status: 'error',
  message: 'The OAuth token used to make this call expired 12 second(s) ago.',
  correlationId: 'c-2',
  category: 'EXPIRED_AUTHENTICATION',
};
const missingScopes = {
  status: 'error',
  message:
    "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
  correlationId: 'c-3',
  errors: [
    {
      message: 'One or more of the following scopes are required.',
      context: { requiredGranularScopes: ['crm.objects.custom.write', 'crm.schemas.custom.read'] },
    },
  ],
  links: { scopes: 'https://developers.hubspot.com/scopes' },
  category: 'MISSING_SCOPES',
};
const missingScopesOld = {
  status: 'error',
  message: "This app hasn't been granted all required scopes to make this call.",
  errors: [
    {
      message: 'One or more of the following scopes are required.',
      context: { requiredScopes: ['contacts'] },
    },
  ],
  category: 'MISSING_SCOPES',
};
const tierRefusal = {
  status: 'error',
  message: 'This portal does not have access to custom objects',
  category: 'FORBIDDEN',
};
const burst = {
  status: 'error',
  message: 'You have reached your ten_secondly_rolling limit.',
  errorType: 'RATE_LIMIT',
  correlationId: 'c-4',
  policyName: 'TEN_SECONDLY_ROLLING',
  category: 'RATE_LIMITS',
};
const daily = { ...burst, message: 'You have reached your daily limit.', policyName: 'DAILY' };
const secondly = {
  status: 'error',
  message: 'You have reached your secondly limit.',
  category: 'RATE_LIMITS',
};
const invalidProperty = {
  status: 'error',
  message:
    'Property values were not valid: [{"isValid":false,"message":"Property \\"favourite\\" does not exist","error":"PROPERTY_DOESNT_EXIST","name":"favourite"}]',
  correlationId: 'c-5',
  category: 'VALIDATION_ERROR',
  errors: [
    {
      message: 'Property "favourite" does not exist',
      code: 'PROPERTY_DOESNT_EXIST',
      context: { propertyName: ['favourite'] },
    },
  ],
};
const duplicateIds = {
  status: 'error',
  message: 'Duplicate IDs found in batch input: [12877907025]. IDs must be unique',
  context: { ids: ['12877907025'] },
  category: 'VALIDATION_ERROR',
  correlationId: 'c-6',
};
const notFound = {
  status: 'error',
  message: 'resource not found',
  correlationId: 'c-7',
  category: 'OBJECT_NOT_FOUND',
};
const conflict = {
  status: 'error',
  message: 'Contact already exists. Existing ID: 1948209',
  correlationId: 'c-8',
  category: 'CONFLICT',
};

interface Row {
  name: string;
  status: number;
  body: unknown;
  path?: string;
  headers?: Record<string, string>;
  code: HubSpotErrorCode;
  kind: HubSpotErrorKind;
  retryAfterMs?: number;
  requiredScopes?: string[];
  outcomeUnknown?: boolean;
}

const rows: Row[] = [
  {
    name: '401 invalid token',
    status: 401,
    body: unauthenticated,
    code: 'HUBSPOT_TOKEN_INVALID',
    kind: 'connection',
  },
  {
    name: '401 expired token',
    status: 401,
    body: expired,
    code: 'HUBSPOT_TOKEN_INVALID',
    kind: 'connection',
  },
  {
    name: '403 missing granular scopes',
    status: 403,
    body: missingScopes,
    code: 'HUBSPOT_MISSING_SCOPES',
    kind: 'connection',
    requiredScopes: ['crm.objects.custom.write', 'crm.schemas.custom.read'],
  },
  {
    name: '403 missing scopes, older body',
    status: 403,
    body: missingScopesOld,
    code: 'HUBSPOT_MISSING_SCOPES',
    kind: 'connection',
    requiredScopes: ['contacts'],
  },
  {
    name: '403 custom objects not in tier',
    status: 403,
    body: tierRefusal,
    path: '/crm-object-schemas/v3/schemas',
    code: 'HUBSPOT_CUSTOM_OBJECTS_UNAVAILABLE',
    kind: 'connection',
  },
  {
    name: '403 custom object records not in tier',
    status: 403,
    body: tierRefusal,
    path: '/crm/v3/objects/2-555/batch/upsert',
    code: 'HUBSPOT_CUSTOM_OBJECTS_UNAVAILABLE',
    kind: 'connection',
  },
  {
    name: '403 other refusal',
    status: 403,
    body: { status: 'error', message: 'Portal is banned', category: 'BANNED' },
    code: 'HUBSPOT_FORBIDDEN',
    kind: 'connection',
  },
  {
    name: '429 burst with Retry-After',
    status: 429,
    body: burst,
    headers: { 'retry-after': '3' },
    code: 'HUBSPOT_RATE_LIMITED',
    kind: 'retriable',
    retryAfterMs: 3_000,
  },
  {
    name: '429 burst without Retry-After',
    status: 429,
    body: burst,
    code: 'HUBSPOT_RATE_LIMITED',
    kind: 'retriable',
    retryAfterMs: 10_000,
  },
  {
    name: '429 search secondly limit',
    status: 429,
    body: secondly,
    code: 'HUBSPOT_RATE_LIMITED',
    kind: 'retriable',
    retryAfterMs: 1_000,
  },
  {
    name: '429 daily limit',
    status: 429,
    body: daily,
    code: 'HUBSPOT_DAILY_LIMIT_REACHED',
    kind: 'connection',
  },
  {
    name: '400 property validation',
    status: 400,
    body: invalidProperty,
    code: 'HUBSPOT_VALIDATION_FAILED',
    kind: 'permanent',
  },
  {
    name: '400 duplicate ids',
    status: 400,
    body: duplicateIds,
    code: 'HUBSPOT_VALIDATION_FAILED',
    kind: 'permanent',
  },
  { name: '404 not found', status: 404, body: notFound, code: 'HUBSPOT_NOT_FOUND', kind: 'permanent' },
  { name: '409 duplicate contact', status: 409, body: conflict, code: 'HUBSPOT_CONFLICT', kind: 'permanent' },
  {
    name: '423 locked',
    status: 423,
    body: { status: 'error', message: 'Locked' },
    code: 'HUBSPOT_LOCKED',
    kind: 'retriable',
    retryAfterMs: 2_000,
  },
  {
    name: '477 migration in progress',
    status: 477,
    body: { status: 'error', message: 'Migration in progress' },
    code: 'HUBSPOT_MIGRATION_IN_PROGRESS',
    kind: 'retriable',
  },
  {
    name: '500 JSON body',
    status: 500,
    body: { status: 'error', message: 'internal error', category: 'INTERNAL_ERROR' },
    code: 'HUBSPOT_SERVER_ERROR',
    kind: 'retriable',
    outcomeUnknown: true,
  },
  {
    name: '502 HTML body',
    status: 502,
    body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
    headers: { 'content-type': 'text/html' },
    code: 'HUBSPOT_SERVER_ERROR',
    kind: 'retriable',
    outcomeUnknown: true,
  },
  {
    name: '504 empty body',
    status: 504,
    body: '',
    code: 'HUBSPOT_SERVER_ERROR',
    kind: 'retriable',
    outcomeUnknown: true,
  },
  {
    name: '405 other client error',
    status: 405,
    body: { status: 'error', message: 'Method not allowed' },
    code: 'HUBSPOT_REQUEST_REJECTED',
    kind: 'permanent',
  },
  {
    name: '200 the SDK refused',
    status: 200,
    body: { results: [] },
    code: 'HUBSPOT_UNEXPECTED_RESPONSE',
    kind: 'permanent',
  },
];

describe('classifyFailure', () => {
  it.each(rows)('classifier maps $name', (row) => {
    const error = classifyFailure({
      operation: 'test.call',
      portalId: 123,
      request: { method: 'POST', path: row.path ?? '/crm/v3/objects/contacts/batch/upsert' },
      response: response(row.status, row.body, row.headers),
    });

    expect(error.code).toBe(row.code);
    expect(error.kind).toBe(row.kind);
    expect(error.status).toBe(row.status);
    if (row.retryAfterMs !== undefined) {
      expect(error.retryAfterMs).toBe(row.retryAfterMs);
    }
    if (row.requiredScopes !== undefined) {
      expect(error.requiredScopes).toEqual(row.requiredScopes);
      expect(error.message).toContain(row.requiredScopes[0]);
    }
    expect(error.outcomeUnknown).toBe(row.outcomeUnknown ?? false);
  });

  it('classifier keeps category, correlation id, request line and body', () => {
    const error = classifyFailure({
      request: { method: 'POST', path: '/crm/v3/objects/contacts/batch/upsert?archived=false' },
      response: response(400, invalidProperty),
    });

    expect(error.category).toBe('VALIDATION_ERROR');
    expect(error.correlationId).toBe('c-5');
    expect(error.request).toEqual({
      method: 'POST',
      path: '/crm/v3/objects/contacts/batch/upsert?archived=false',
    });
    expect(error.responseBody).toEqual(invalidProperty);
    expect(error.message).toContain('Property values were not valid');
  });

  it('classifier cuts a long HTML body', () => {
    const html = `<html>${'x'.repeat(5_000)}</html>`;
    const error = classifyFailure({ response: response(502, html, { 'content-type': 'text/html' }) });

    expect(typeof error.responseBody).toBe('string');
    expect((error.responseBody as string).length).toBe(2_000);
  });

  it('classifier sets daily reset to midnight in the portal time zone', () => {
    const error = classifyFailure({
      portalId: 123,
      response: response(429, daily),
      timeZone: 'America/New_York',
      now: new Date('2026-03-10T15:00:00Z'),
    });

    expect(error.resetsAt?.toISOString()).toBe('2026-03-11T04:00:00.000Z');
    expect(error.retryAfterMs).toBe(13 * 3_600_000);
    expect(error.message).toContain('2026-03-11T04:00:00.000Z');
  });

  it('classifier reads Retry-After as an HTTP date', () => {
    const inTwoSeconds = new Date(Date.now() + 2_000).toUTCString();
    const error = classifyFailure({ response: response(429, burst, { 'retry-after': inTwoSeconds }) });

    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(2_000);
  });

  it('classifier marks a timeout after sending as outcome unknown', () => {
    const error = classifyFailure({
      request: { method: 'POST', path: '/crm-object-schemas/v3/schemas' },
      timedOut: true,
      requestSent: true,
      thrown: new Error('socket destroyed'),
    });

    expect(error.code).toBe('HUBSPOT_TIMEOUT');
    expect(error.kind).toBe('retriable');
    expect(error.outcomeUnknown).toBe(true);
  });

  it('classifier maps a connection reset before sending', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const error = classifyFailure({
      request: { method: 'GET', path: '/x' },
      thrown: reset,
      requestSent: false,
    });

    expect(error.code).toBe('HUBSPOT_NETWORK_ERROR');
    expect(error.outcomeUnknown).toBe(false);
    expect(error.message).toContain('ECONNRESET');
    expect(error.cause).toBe(reset);
  });

  it('classifier maps a caller abort', () => {
    const error = classifyFailure({ aborted: true, thrown: new Error('shutdown') });

    expect(error.code).toBe('HUBSPOT_ABORTED');
  });

  it('classifier reads the SDK ApiException when no response was captured', () => {
    const apiException = Object.assign(new Error('HTTP-Code: 404'), {
      code: 404,
      body: notFound,
      headers: { 'Content-Type': 'application/json' },
    });
    const error = classifyFailure({ thrown: apiException });

    expect(error.code).toBe('HUBSPOT_NOT_FOUND');
    expect(error.correlationId).toBe('c-7');
  });

  it('classifier never leaks the Authorization header', () => {
    const error = classifyFailure({
      request: { method: 'GET', path: '/account-info/v3/details' },
      response: response(401, unauthenticated),
    });

    expect(JSON.stringify(error.toJSON())).not.toMatch(/Bearer|pat-/);
  });
});

describe('classifyItemError', () => {
  it.each([
    ['OBJECT_NOT_FOUND', 'HUBSPOT_NOT_FOUND'],
    ['VALIDATION_ERROR', 'HUBSPOT_VALIDATION_FAILED'],
    ['CONFLICT', 'HUBSPOT_CONFLICT'],
    ['SOMETHING_NEW', 'HUBSPOT_REQUEST_REJECTED'],
  ] as const)('item error %s maps to %s', (category, code) => {
    const error = classifyItemError({ category, message: 'x' }, { operation: 'contacts.batch.read' });

    expect(error.code).toBe(code);
    expect(error.kind).toBe(HUBSPOT_ERROR_CODES[code]);
  });
});
