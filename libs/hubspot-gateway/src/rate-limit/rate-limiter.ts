import pLimit, { type LimitFunction } from 'p-limit';
import type { Logger } from 'pino';

import { nextDailyReset } from '../daily-reset.js';
import { HubSpotError } from '../errors.js';
import type { GatewayMetrics } from '../metrics.js';
import { sleep } from '../retry.js';
import type { RateLimitHeaders } from './headers.js';
import { MemoryWindowStore } from './memory-window-store.js';
import type { RateBucket, RateLimitOptions } from './options.js';
import type { DailyState, WindowStore } from './window-store.js';

export interface LimiterScope {
  portalId: number;
  appId: number;
  timeZone?: string | undefined;
}

const FALLBACK_LOG_INTERVAL_MS = 30_000;

/**
 * Per-portal rate limiter shared by every process through a `WindowStore` (MongoDB in
 * production). See the package README for the design and its failure modes.
 */
export class RateLimiter {
  private readonly fallback = new MemoryWindowStore();
  private readonly concurrency = new Map<number, LimitFunction>();
  /** One reservation at a time per window in this process, so local callers do not race each other in the store. */
  private readonly reservationQueues = new Map<string, LimitFunction>();
  private readonly dailyCache = new Map<number, { state: DailyState; readAt: number }>();
  private readonly learned = new Map<string, string>();
  private readonly lastFallbackLog = new Map<number, number>();

  /** `store` undefined: no shared store, so every process uses `fallbackShare` of the budget. */
  constructor(
    private readonly store: WindowStore | undefined,
    private readonly options: RateLimitOptions,
    private readonly logger: Logger,
    private readonly metrics: GatewayMetrics,
    private readonly now: () => number = Date.now,
  ) {}

  /** Returns the function that caps calls in flight for the portal in this process. */
  concurrencyFor(portalId: number): LimitFunction {
    let limit = this.concurrency.get(portalId);
    if (limit === undefined) {
      limit = pLimit(this.options.concurrencyPerPortal);
      this.concurrency.set(portalId, limit);
    }
    return limit;
  }

  /**
   * Waits for a slot in the portal's window and takes it. Throws HUBSPOT_RATE_LIMITED when no
   * slot frees up within `maxWaitMs`, and HUBSPOT_ABORTED when the signal aborts.
   */
  async acquire(scope: LimiterScope, bucket: RateBucket, signal?: AbortSignal): Promise<void> {
    const started = this.now();
    const deadline = started + this.options.maxWaitMs;
    const key = windowKey(scope, bucket);
    const isSearch = bucket === 'search';

    for (;;) {
      const now = this.now();
      const request = {
        key,
        defaultBudget: isSearch ? this.options.searchPerSecond : this.options.defaultBurstMax,
        defaultWindowMs: isSearch ? 1_000 : this.options.burstWindowMs,
        marginMs: this.options.latencyMarginMs,
        now,
      };
      const result = await this.reservationQueue(key)(() =>
        this.withStore(scope.portalId, 'reserve', (store, budgetShare) =>
          store.reserve({ ...request, now: this.now(), budgetShare }),
        ),
      );
      if (result.granted) {
        this.metrics.limiterWait.observe({ portal: String(scope.portalId), bucket }, (now - started) / 1000);
        return;
      }

      // A little jitter keeps processes that wait for the same stamp from colliding again.
      const wakeAt = Math.max(result.retryAt, now) + Math.floor(Math.random() * 20) + 1;
      if (wakeAt > deadline) {
        throw new HubSpotError({
          code: 'HUBSPOT_RATE_LIMITED',
          message:
            `No ${bucket} call slot for HubSpot portal ${scope.portalId} within ${this.options.maxWaitMs} ms ` +
            `(budget ${result.budget}${result.paused ? ', paused after a 429' : ''}); retry later`,
          retryAfterMs: wakeAt - now,
          portalId: scope.portalId,
        });
      }
      if (!(await sleep(wakeAt - now, signal))) {
        throw new HubSpotError({
          code: 'HUBSPOT_ABORTED',
          message: `Waiting for a HubSpot call slot for portal ${scope.portalId} was aborted`,
          portalId: scope.portalId,
          cause: signal?.reason,
        });
      }
    }
  }

  private reservationQueue(key: string): LimitFunction {
    let queue = this.reservationQueues.get(key);
    if (queue === undefined) {
      queue = pLimit(1);
      this.reservationQueues.set(key, queue);
    }
    return queue;
  }

  /** Throws HUBSPOT_DAILY_LIMIT_REACHED while the portal's daily limit is known to be exhausted. */
  async assertDailyAvailable(scope: LimiterScope): Promise<void> {
    const state = await this.dailyState(scope.portalId);
    const now = this.now();
    if (state.exhaustedUntil === undefined || state.exhaustedUntil <= now) {
      return;
    }
    throw new HubSpotError({
      code: 'HUBSPOT_DAILY_LIMIT_REACHED',
      message:
        `HubSpot portal ${scope.portalId} used its daily API limit; calls resume at ` +
        `${new Date(state.exhaustedUntil).toISOString()} (midnight in the portal's time zone)`,
      resetsAt: new Date(state.exhaustedUntil),
      retryAfterMs: state.exhaustedUntil - now,
      portalId: scope.portalId,
    });
  }

  /** Learns the limits from a response's headers and stops the portal when the daily limit is used up. */
  async observe(scope: LimiterScope, headers: RateLimitHeaders): Promise<void> {
    if (headers.max !== undefined) {
      const key = windowKey(scope, 'standard');
      const limit = { max: headers.max, intervalMs: headers.intervalMs ?? this.options.burstWindowMs };
      const signature = `${limit.max}/${limit.intervalMs}`;
      if (this.learned.get(key) !== signature) {
        this.learned.set(key, signature);
        await this.withStore(scope.portalId, 'learnLimit', (store) => store.learnLimit(key, limit));
        this.logger.info(
          { portalId: scope.portalId, appId: scope.appId, ...limit },
          'learned HubSpot burst limit',
        );
      }
    }

    if (headers.dailyRemaining === 0) {
      await this.markDailyExhausted(scope, { dailyMax: headers.daily, dailyRemaining: 0 });
    }
  }

  /** Pauses the window for every process after a 429, for `retryAfterMs`. */
  async pauseAfterRateLimit(scope: LimiterScope, bucket: RateBucket, retryAfterMs: number): Promise<void> {
    const until = this.now() + retryAfterMs;
    await this.withStore(scope.portalId, 'pause', (store) => store.pause(windowKey(scope, bucket), until));
    this.logger.warn(
      { portalId: scope.portalId, appId: scope.appId, bucket, retryAfterMs },
      'paused HubSpot portal after 429',
    );
  }

  /** Stops calls to the portal from every process until midnight in the portal's time zone. */
  async markDailyExhausted(scope: LimiterScope, state: DailyState = {}): Promise<void> {
    const exhaustedUntil = nextDailyReset(new Date(this.now()), scope.timeZone).getTime();
    const next: DailyState = { ...state, observedAt: this.now(), exhaustedUntil };
    this.dailyCache.set(scope.portalId, { state: next, readAt: this.now() });
    await this.withStore(scope.portalId, 'writeDaily', (store) =>
      store.writeDaily(dailyKey(scope.portalId), next),
    );
    this.logger.error(
      { portalId: scope.portalId, resetsAt: new Date(exhaustedUntil).toISOString() },
      'HubSpot daily limit reached',
    );
  }

  private async dailyState(portalId: number): Promise<DailyState> {
    const cached = this.dailyCache.get(portalId);
    const now = this.now();
    if (cached !== undefined && now - cached.readAt < this.options.dailyCheckIntervalMs) {
      return cached.state;
    }
    const state = await this.withStore(portalId, 'readDaily', (store) => store.readDaily(dailyKey(portalId)));
    this.dailyCache.set(portalId, { state, readAt: now });
    return state;
  }

  /**
   * Runs `operation` on the shared store, or on the in-process fallback with a reduced budget
   * share when MongoDB fails or is slower than `storeTimeoutMs`.
   */
  private async withStore<T>(
    portalId: number,
    name: string,
    operation: (store: WindowStore, budgetShare: number) => Promise<T>,
  ): Promise<T> {
    if (this.store === undefined) {
      return operation(this.fallback, this.options.fallbackShare);
    }
    try {
      return await withTimeout(operation(this.store, 1), this.options.storeTimeoutMs);
    } catch (error) {
      this.metrics.limiterFallback.inc({ portal: String(portalId) });
      this.logFallback(portalId, name, error);
      return operation(this.fallback, this.options.fallbackShare);
    }
  }

  private logFallback(portalId: number, operation: string, error: unknown): void {
    const now = this.now();
    const last = this.lastFallbackLog.get(portalId) ?? 0;
    if (now - last < FALLBACK_LOG_INTERVAL_MS) {
      return;
    }
    this.lastFallbackLog.set(portalId, now);
    this.logger.error(
      { err: error, portalId, operation, fallbackShare: this.options.fallbackShare },
      'rate-limit store failed; using local fallback budget',
    );
  }
}

export function windowKey(scope: LimiterScope, bucket: RateBucket): string {
  return bucket === 'search' ? `search:${scope.portalId}` : `burst:${scope.portalId}:${scope.appId}`;
}

export function dailyKey(portalId: number): string {
  return `daily:${portalId}`;
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`rate-limit store did not respond within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
