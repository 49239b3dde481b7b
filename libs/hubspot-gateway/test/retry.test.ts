import { describe, expect, it } from 'vitest';

import { HubSpotError } from '../src/errors.js';
import {
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  retryDelayMs,
  retryPolicySchema,
  withRetry,
} from '../src/retry.js';

const fast = retryPolicySchema.parse({ maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 5, jitter: 0 });

function serverError(): HubSpotError {
  return new HubSpotError({
    code: 'HUBSPOT_SERVER_ERROR',
    message: 'HubSpot failed with status 503',
    status: 503,
  });
}

describe('backoff', () => {
  it('backoff doubles from the initial delay', () => {
    const policy = retryPolicySchema.parse({ jitter: 0 });

    expect(backoffDelayMs(policy, 1)).toBe(200);
    expect(backoffDelayMs(policy, 2)).toBe(400);
    expect(backoffDelayMs(policy, 3)).toBe(800);
  });

  it('backoff stops at the maximum delay', () => {
    const policy = retryPolicySchema.parse({ jitter: 0, maxDelayMs: 500 });

    expect(backoffDelayMs(policy, 10)).toBe(500);
  });

  it('backoff jitter stays within its fraction', () => {
    expect(backoffDelayMs(DEFAULT_RETRY_POLICY, 1, 0)).toBe(160);
    expect(backoffDelayMs(DEFAULT_RETRY_POLICY, 1, 0.999999)).toBe(240);
  });

  it('retry delay honours Retry-After when it is longer', () => {
    const error = new HubSpotError({ code: 'HUBSPOT_RATE_LIMITED', message: '429', retryAfterMs: 3_000 });

    expect(retryDelayMs(DEFAULT_RETRY_POLICY, error, 1, 0.5)).toBe(3_000);
  });

  it('retry delay gives up when Retry-After exceeds the in-process maximum', () => {
    const error = new HubSpotError({ code: 'HUBSPOT_RATE_LIMITED', message: '429', retryAfterMs: 60_000 });

    expect(retryDelayMs(DEFAULT_RETRY_POLICY, error, 1)).toBeUndefined();
  });

  it('retry delay is undefined for permanent and connection errors', () => {
    const permanent = new HubSpotError({ code: 'HUBSPOT_VALIDATION_FAILED', message: '400' });
    const connection = new HubSpotError({ code: 'HUBSPOT_TOKEN_INVALID', message: '401' });

    expect(retryDelayMs(DEFAULT_RETRY_POLICY, permanent, 1)).toBeUndefined();
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, connection, 1)).toBeUndefined();
  });

  it('retry policy rejects a maximum below the initial delay', () => {
    expect(() => retryPolicySchema.parse({ initialDelayMs: 500, maxDelayMs: 100 })).toThrow(/maxDelayMs/);
  });
});

describe('withRetry', () => {
  it('withRetry returns the first success', async () => {
    let calls = 0;
    const value = await withRetry(
      'contacts.batch.upsert',
      async () => {
        calls += 1;
        if (calls < 3) throw serverError();
        return 'done';
      },
      { policy: fast },
    );

    expect(value).toBe('done');
    expect(calls).toBe(3);
  });

  it('withRetry reports every attempt after the last failure', async () => {
    const failure = withRetry(
      'contacts.batch.upsert',
      async () => {
        throw serverError();
      },
      { policy: fast },
    );

    await expect(failure).rejects.toMatchObject({
      code: 'HUBSPOT_SERVER_ERROR',
      kind: 'retriable',
      message: expect.stringMatching(
        /^contacts\.batch\.upsert failed 3 times \(attempt 1: HUBSPOT_SERVER_ERROR/,
      ),
    });
    const error = (await failure.catch((caught: unknown) => caught)) as HubSpotError;
    expect(error.attempts).toHaveLength(3);
  });

  it('withRetry throws a permanent error unchanged after one attempt', async () => {
    const permanent = new HubSpotError({ code: 'HUBSPOT_NOT_FOUND', message: 'not found' });
    let calls = 0;
    const failure = withRetry(
      'lists.get',
      async () => {
        calls += 1;
        throw permanent;
      },
      { policy: fast },
    );

    await expect(failure).rejects.toBe(permanent);
    expect(calls).toBe(1);
  });

  it('withRetry respects a veto on ambiguous outcomes', async () => {
    let calls = 0;
    const failure = withRetry(
      'schemas.create',
      async () => {
        calls += 1;
        throw new HubSpotError({ code: 'HUBSPOT_TIMEOUT', message: 'timed out', outcomeUnknown: true });
      },
      { policy: fast, canRetry: (error) => !error.outcomeUnknown },
    );

    await expect(failure).rejects.toMatchObject({ code: 'HUBSPOT_TIMEOUT' });
    expect(calls).toBe(1);
  });

  it('withRetry stops waiting when the signal aborts', async () => {
    const controller = new AbortController();
    const slow = retryPolicySchema.parse({ initialDelayMs: 10_000, maxDelayMs: 10_000 });
    let calls = 0;
    const started = Date.now();
    const failure = withRetry(
      'lists.search',
      async () => {
        calls += 1;
        setTimeout(() => controller.abort(), 20);
        throw serverError();
      },
      { policy: slow, signal: controller.signal },
    );

    await expect(failure).rejects.toMatchObject({ code: 'HUBSPOT_SERVER_ERROR' });
    expect(calls).toBe(1);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('withRetry rethrows errors that are not HubSpot errors', async () => {
    const bug = new TypeError('data.toISOString is not a function');

    await expect(withRetry('x', async () => Promise.reject(bug), { policy: fast })).rejects.toBe(bug);
  });
});
