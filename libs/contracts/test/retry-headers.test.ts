import { describe, expect, it } from 'vitest';

import { ContractsError } from '../src/errors.js';
import {
  MAX_LAST_ERROR_LENGTH,
  RETRY_HEADERS,
  formatRetryHeaders,
  parseRetryHeaders,
} from '../src/retry-headers.js';
import type { RetryState } from '../src/retry-headers.js';

const state: RetryState = {
  attempt: 2,
  dueAt: '2025-05-02T12:11:05.400Z',
  originalTopic: 'oniva.bookings.v1',
  originalPartition: 3,
  originalOffset: '771002',
  firstFailedAt: '2025-05-02T12:10:00.400Z',
  lastError: 'HUBSPOT_ERR_SERVER: HubSpot answered 503 Service Unavailable',
};

describe('RETRY_HEADERS', () => {
  it('uses the x- header names of the retry convention', () => {
    expect(Object.values(RETRY_HEADERS)).toEqual([
      'x-attempt',
      'x-due-at',
      'x-original-topic',
      'x-original-partition',
      'x-original-offset',
      'x-first-failed-at',
      'x-last-error',
    ]);
  });
});

describe('formatRetryHeaders', () => {
  it('writes every value as a string', () => {
    expect(formatRetryHeaders(state)).toEqual({
      'x-attempt': '2',
      'x-due-at': '2025-05-02T12:11:05.400Z',
      'x-original-topic': 'oniva.bookings.v1',
      'x-original-partition': '3',
      'x-original-offset': '771002',
      'x-first-failed-at': '2025-05-02T12:10:00.400Z',
      'x-last-error': 'HUBSPOT_ERR_SERVER: HubSpot answered 503 Service Unavailable',
    });
  });

  it('cuts a long last error', () => {
    const headers = formatRetryHeaders({ ...state, lastError: 'e'.repeat(5_000) });

    expect(headers[RETRY_HEADERS.lastError]).toHaveLength(MAX_LAST_ERROR_LENGTH);
  });
});

describe('parseRetryHeaders', () => {
  it('reads back what formatRetryHeaders wrote', () => {
    expect(parseRetryHeaders(formatRetryHeaders(state))).toEqual(state);
  });

  it('reads Buffer values and ignores other headers', () => {
    const headers = Object.fromEntries(
      Object.entries(formatRetryHeaders(state)).map(([name, value]) => [name, Buffer.from(value)]),
    );

    expect(parseRetryHeaders({ ...headers, traceparent: Buffer.from('00-abc-def-01') })).toEqual(state);
  });

  it('takes the last value of a repeated header', () => {
    const headers = { ...formatRetryHeaders(state), 'x-attempt': ['1', Buffer.from('2')] };

    expect(parseRetryHeaders(headers).attempt).toBe(2);
  });

  it('names each missing or invalid header', () => {
    const { 'x-due-at': _dueAt, ...headers } = formatRetryHeaders(state);

    let error: unknown;
    try {
      parseRetryHeaders({ ...headers, 'x-attempt': 'two' });
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(ContractsError);
    expect((error as ContractsError).code).toBe('CONTRACTS_ERR_INVALID_RETRY_HEADERS');
    expect((error as ContractsError).issues.map((issue) => issue.path)).toEqual(['x-attempt', 'x-due-at']);
    expect((error as ContractsError).message).toContain(
      'x-attempt: expected a decimal integer, received "two"',
    );
  });

  it('rejects attempt 0', () => {
    expect(() => parseRetryHeaders({ ...formatRetryHeaders(state), 'x-attempt': '0' })).toThrow(/x-attempt/);
  });
});
