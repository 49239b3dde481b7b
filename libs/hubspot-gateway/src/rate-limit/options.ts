import { z } from 'zod';

/**
 * Rate-limit settings. Defaults: `defaultBurstMax` 100 calls per `burstWindowMs` 10,000 (the
 * lowest private-app tier, replaced by `X-HubSpot-RateLimit-Max` once a response arrives),
 * `searchPerSecond` 5, `latencyMarginMs` 200, `fallbackShare` 0.25, `storeTimeoutMs` 2,000,
 * `maxWaitMs` 60,000, `concurrencyPerPortal` 8, `dailyCheckIntervalMs` 5,000.
 */
export const rateLimitOptionsSchema = z.object({
  /** Burst budget per portal and app until HubSpot reports the real one. */
  defaultBurstMax: z.number().int().min(1).default(100),
  burstWindowMs: z.number().int().min(100).default(10_000),
  /** CRM search budget per portal and second; search responses carry no rate-limit headers. */
  searchPerSecond: z.number().int().min(1).default(5),
  /**
   * Extra time each call stays counted in its window. HubSpot counts a call when it arrives, a
   * little after the reservation, so a window of `burstWindowMs + latencyMarginMs` in our clock
   * covers HubSpot's window as long as sending takes less than the margin.
   */
  latencyMarginMs: z.number().int().min(0).default(200),
  /** Share of the budget one process uses on its own while MongoDB is unreachable. */
  fallbackShare: z.number().gt(0).max(1).default(0.25),
  /** A MongoDB operation slower than this counts as failed and the local fallback is used. */
  storeTimeoutMs: z.number().int().min(1).default(2_000),
  /** Maximum wait for a slot before the call fails with HUBSPOT_RATE_LIMITED. */
  maxWaitMs: z.number().int().min(0).default(60_000),
  /** Calls in flight at once per portal within one process. */
  concurrencyPerPortal: z.number().int().min(1).default(8),
  /** How long a process trusts its cached copy of the shared daily-limit state. */
  dailyCheckIntervalMs: z.number().int().min(0).default(5_000),
});

export type RateLimitOptions = z.output<typeof rateLimitOptionsSchema>;
export type RateLimitOptionsInput = z.input<typeof rateLimitOptionsSchema>;

/** `standard`: the 10-second burst window per portal and app; `search`: the per-second search window. */
export type RateBucket = 'standard' | 'search';
