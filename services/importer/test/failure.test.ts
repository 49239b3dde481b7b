import { HubSpotError } from '@oniva-hubspot/hubspot-gateway';
import { describe, expect, it } from 'vitest';

import { ImporterError } from '../src/errors.js';
import { diagnoseConnectionFailure, runFailureOf, unavailableError } from '../src/run/failure.js';

const context = { listId: '42', portalId: 4242 };

describe('runFailureOf', () => {
  it('keeps the code and message of importer errors', () => {
    const error = new ImporterError(
      'IMPORTER_ERR_CONNECTION_MISSING',
      'Account acc-1 has no HubSpot connection',
    );

    expect(runFailureOf(error, context)).toEqual({
      code: 'IMPORTER_ERR_CONNECTION_MISSING',
      message: 'Account acc-1 has no HubSpot connection',
    });
  });

  it('tells the customer to update a rejected token', () => {
    const failure = runFailureOf(
      new HubSpotError({ code: 'HUBSPOT_TOKEN_INVALID', message: '401', status: 401 }),
      context,
    );

    expect(failure.code).toBe('HUBSPOT_TOKEN_INVALID');
    expect(failure.message).toContain('portal 4242');
    expect(failure.message).toContain('Update the token under App connections');
  });

  it('names the scopes HubSpot asked for', () => {
    const error = new HubSpotError({
      code: 'HUBSPOT_MISSING_SCOPES',
      message: 'missing scopes',
      status: 403,
      requiredScopes: ['crm.lists.read'],
    });

    const failure = runFailureOf(error, context);

    expect(failure.code).toBe('HUBSPOT_MISSING_SCOPES');
    expect(failure.message).toContain('one of: crm.lists.read');
    expect(failure.message).toContain('Private Apps');
  });

  it('gives the reset time when the daily limit is reached', () => {
    const error = new HubSpotError({
      code: 'HUBSPOT_DAILY_LIMIT_REACHED',
      message: 'daily limit',
      status: 429,
      resetsAt: new Date('2026-12-05T00:00:00Z'),
    });

    expect(runFailureOf(error, context).message).toContain('resets at 2026-12-05T00:00:00.000Z');
  });

  it('reports a missing list by its id', () => {
    const failure = runFailureOf(
      new HubSpotError({ code: 'HUBSPOT_NOT_FOUND', message: 'resource not found', status: 404 }),
      context,
    );

    expect(failure).toEqual({
      code: 'IMPORTER_ERR_LIST_NOT_FOUND',
      message:
        'HubSpot list 42 was not found in portal 4242; choose an existing list and start the import again',
    });
  });

  it('reports other permanent HubSpot errors as rejected', () => {
    const error = new HubSpotError({ code: 'HUBSPOT_VALIDATION_FAILED', message: 'bad input', status: 400 });

    expect(runFailureOf(error, context).code).toBe('IMPORTER_ERR_HUBSPOT_REJECTED');
  });

  it('reports unexpected errors with their message', () => {
    const failure = runFailureOf(new TypeError('x is undefined'), context);

    expect(failure.code).toBe('IMPORTER_ERR_UNEXPECTED');
    expect(failure.message).toContain('x is undefined');
  });
});

describe('unavailableError', () => {
  it('names the page and attempts and shortens long messages', () => {
    const cause = new HubSpotError({ code: 'HUBSPOT_SERVER_ERROR', message: 'x'.repeat(1000), status: 503 });

    const error = unavailableError(cause, 5, 2);

    expect(error.code).toBe('IMPORTER_ERR_HUBSPOT_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(
      /^HubSpot kept failing while reading page 3 of the list \(5 attempts, last error HUBSPOT_SERVER_ERROR: x+…\)/,
    );
    expect(error.message.length).toBeLessThan(450);
  });
});

describe('diagnoseConnectionFailure', () => {
  it('returns nothing for errors that are not connection-level', () => {
    const error = new HubSpotError({ code: 'HUBSPOT_SERVER_ERROR', message: '503', status: 503 });

    expect(diagnoseConnectionFailure(error)).toBeUndefined();
    expect(diagnoseConnectionFailure(new Error('other'))).toBeUndefined();
  });

  it('separates the problem from the fix', () => {
    const diagnosis = diagnoseConnectionFailure(
      new HubSpotError({ code: 'HUBSPOT_FORBIDDEN', message: 'forbidden', status: 403 }),
      4242,
    );

    expect(diagnosis?.problem).toBe('HubSpot refused access to portal 4242 (HUBSPOT_FORBIDDEN: forbidden)');
    expect(diagnosis?.fix).toContain('start the import again');
  });
});
