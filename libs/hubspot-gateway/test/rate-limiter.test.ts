import { pino } from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';

import { HubSpotError } from '../src/errors.js';
import { createGatewayMetrics } from '../src/metrics.js';
import { MemoryWindowStore } from '../src/rate-limit/memory-window-store.js';
import { rateLimitOptionsSchema } from '../src/rate-limit/options.js';
import { RateLimiter } from '../src/rate-limit/rate-limiter.js';
import type { WindowStore } from '../src/rate-limit/window-store.js';

const scope = { portalId: 42, appId: 7, timeZone: 'Europe/Berlin' };

function limiter(store: WindowStore | undefined, options: Record<string, number> = {}) {
  const parsed = rateLimitOptionsSchema.parse({
    defaultBurstMax: 5,
    burstWindowMs: 300,
    latencyMarginMs: 20,
    maxWaitMs: 2_000,
    ...options,
  });
  const metrics = createGatewayMetrics(new Registry());
  return { limiter: new RateLimiter(store, parsed, pino({ level: 'silent' }), metrics), metrics };
}

/** A store whose every operation fails, like MongoDB while it is down. */
const brokenStore: WindowStore = {
  reserve: () => Promise.reject(new Error('connection refused')),
  pause: () => Promise.reject(new Error('connection refused')),
  learnLimit: () => Promise.reject(new Error('connection refused')),
  readDaily: () => Promise.reject(new Error('connection refused')),
  writeDaily: () => Promise.reject(new Error('connection refused')),
};

describe('RateLimiter', () => {
  it('limiter grants the budget at once and then waits for the window', async () => {
    const { limiter: rateLimiter } = limiter(new MemoryWindowStore());
    const started = Date.now();
    for (let call = 0; call < 5; call += 1) {
      await rateLimiter.acquire(scope, 'standard');
    }
    const burstMs = Date.now() - started;
    await rateLimiter.acquire(scope, 'standard');

    expect(burstMs).toBeLessThan(100);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('limiter uses the learned maximum', async () => {
    const store = new MemoryWindowStore();
    const { limiter: rateLimiter } = limiter(store);
    await rateLimiter.observe(scope, { max: 8, intervalMs: 300 });
    const started = Date.now();
    for (let call = 0; call < 8; call += 1) {
      await rateLimiter.acquire(scope, 'standard');
    }

    expect(Date.now() - started).toBeLessThan(100);
  });

  it('limiter waits out a pause after a 429', async () => {
    const { limiter: rateLimiter } = limiter(new MemoryWindowStore());
    await rateLimiter.pauseAfterRateLimit(scope, 'standard', 200);
    const started = Date.now();
    await rateLimiter.acquire(scope, 'standard');

    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('limiter fails with a rate-limit error when the wait exceeds the maximum', async () => {
    const { limiter: rateLimiter } = limiter(new MemoryWindowStore(), { maxWaitMs: 50 });
    await rateLimiter.pauseAfterRateLimit(scope, 'standard', 5_000);

    await expect(rateLimiter.acquire(scope, 'standard')).rejects.toMatchObject({
      code: 'HUBSPOT_RATE_LIMITED',
      kind: 'retriable',
    });
  });

  it('limiter stops the portal when the daily remaining reaches zero', async () => {
    const { limiter: rateLimiter } = limiter(new MemoryWindowStore());
    await rateLimiter.observe(scope, { daily: 250_000, dailyRemaining: 0 });

    const failure = rateLimiter.assertDailyAvailable(scope);
    await expect(failure).rejects.toBeInstanceOf(HubSpotError);
    await expect(failure).rejects.toMatchObject({ code: 'HUBSPOT_DAILY_LIMIT_REACHED', kind: 'connection' });
    const error = (await failure.catch((caught: unknown) => caught)) as HubSpotError;
    expect(error.resetsAt?.getTime()).toBeGreaterThan(Date.now());
  });

  it('limiter keeps search separate from the burst window', async () => {
    const { limiter: rateLimiter } = limiter(new MemoryWindowStore(), {
      searchPerSecond: 2,
      defaultBurstMax: 1,
    });
    await rateLimiter.acquire(scope, 'standard');
    const started = Date.now();
    await rateLimiter.acquire(scope, 'search');
    await rateLimiter.acquire(scope, 'search');

    expect(Date.now() - started).toBeLessThan(100);
  });

  it('limiter falls back to a reduced local budget when the store fails', async () => {
    const { limiter: rateLimiter, metrics } = limiter(brokenStore, {
      defaultBurstMax: 8,
      fallbackShare: 0.25,
    });
    const started = Date.now();
    await rateLimiter.acquire(scope, 'standard');
    await rateLimiter.acquire(scope, 'standard');
    const twoMs = Date.now() - started;
    await rateLimiter.acquire(scope, 'standard');

    expect(twoMs).toBeLessThan(100);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    const fallbacks = await metrics.limiterFallback.get();
    expect(fallbacks.values[0]?.value).toBeGreaterThanOrEqual(3);
  });

  it('limiter falls back when the store hangs', async () => {
    const hangingStore: WindowStore = { ...brokenStore, reserve: () => new Promise(() => undefined) };
    const { limiter: rateLimiter } = limiter(hangingStore, { storeTimeoutMs: 50 });
    const started = Date.now();
    await rateLimiter.acquire(scope, 'standard');

    expect(Date.now() - started).toBeLessThan(500);
  });
});
