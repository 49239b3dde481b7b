import type { RateLimitClass } from '../context.js';
import { effectiveLimits, type PortalRecord } from '../state/portals.js';
import { SlidingWindow } from './sliding-window.js';
import { localDayKey, nextLocalMidnight } from './time-zone.js';

export type RateLimitPolicy = 'TEN_SECONDLY_ROLLING' | 'DAILY' | 'SECONDLY';

/** Whether a call may proceed, and the headers and 429 details that go with the decision. */
export interface RateLimitDecision {
  allowed: boolean;
  policy?: RateLimitPolicy;
  retryAfterSeconds?: number;
  headers: Record<string, string>;
}

/** Observed load of one portal, for assertions in tests and benchmarks. */
export interface RateLimitStats {
  portalId: number;
  /** Max calls accepted in any 10-second window, all apps of the portal together. */
  maxCallsInWindow: number;
  /** The same per private app id. */
  maxCallsInWindowByApp: Record<string, number>;
  /** Max search calls accepted in any 1-second window. */
  maxSearchCallsInSecond: number;
  /** 429 responses sent, by policy. */
  rejected: Record<RateLimitPolicy, number>;
  /** Calls counted today (rejected ones included) and the local day they belong to. */
  dailyUsed: number;
  dayKey: string;
}

interface PortalCounters {
  portalWindow: SlidingWindow;
  appWindows: Map<number, SlidingWindow>;
  searchWindow: SlidingWindow;
  dayKey: string;
  dailyUsed: number;
  stats: RateLimitStats;
}

const BURST_INTERVAL_MS = 10_000;

/**
 * Counter of HubSpot's private-app limits: a rolling 10-second window per (portal, app), a daily
 * counter per portal that resets at local midnight, and a per-second limit for CRM search per
 * portal. Every call counts toward the daily total, rejected ones included. Only accepted calls
 * enter the rolling windows, so a client that waits is admitted again. Search calls skip the
 * 10-second window.
 */
export class RateLimiter {
  private readonly portals = new Map<number, PortalCounters>();

  check(portal: PortalRecord, appId: number, kind: RateLimitClass, now: number): RateLimitDecision {
    if (kind === 'none') return { allowed: true, headers: {} };
    const limits = effectiveLimits(portal);
    const counters = this.countersFor(portal, now);

    counters.dailyUsed += 1;
    counters.stats.dailyUsed = counters.dailyUsed;
    const dailyRemaining = Math.max(0, limits.dailyMax - counters.dailyUsed);
    const appWindow = this.appWindow(counters, appId);

    const headers = (remaining: number): Record<string, string> =>
      kind === 'search'
        ? {}
        : {
            'x-hubspot-ratelimit-max': String(limits.burstMax),
            'x-hubspot-ratelimit-remaining': String(Math.max(0, remaining)),
            'x-hubspot-ratelimit-interval-milliseconds': String(BURST_INTERVAL_MS),
            'x-hubspot-ratelimit-daily': String(limits.dailyMax),
            'x-hubspot-ratelimit-daily-remaining': String(dailyRemaining),
          };

    if (counters.dailyUsed > limits.dailyMax) {
      counters.stats.rejected.DAILY += 1;
      const retryAfterMs = nextLocalMidnight(now, portal.timeZone) - now;
      return {
        allowed: false,
        policy: 'DAILY',
        retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
        headers: headers(limits.burstMax - appWindow.count(now)),
      };
    }

    if (kind === 'search') return this.checkSearch(counters, limits.searchPerSecond, now);

    const inWindow = appWindow.count(now);
    if (inWindow >= limits.burstMax) {
      counters.stats.rejected.TEN_SECONDLY_ROLLING += 1;
      const oldest = appWindow.oldest(now) ?? now;
      return {
        allowed: false,
        policy: 'TEN_SECONDLY_ROLLING',
        retryAfterSeconds: Math.max(1, Math.ceil((oldest + BURST_INTERVAL_MS - now) / 1000)),
        headers: headers(0),
      };
    }

    appWindow.record(now);
    counters.portalWindow.record(now);
    const appKey = String(appId);
    const byApp = counters.stats.maxCallsInWindowByApp;
    byApp[appKey] = Math.max(byApp[appKey] ?? 0, inWindow + 1);
    counters.stats.maxCallsInWindow = Math.max(
      counters.stats.maxCallsInWindow,
      counters.portalWindow.count(now),
    );
    return { allowed: true, headers: headers(limits.burstMax - inWindow - 1) };
  }

  stats(portalId: number): RateLimitStats | undefined {
    const counters = this.portals.get(portalId);
    return counters === undefined ? undefined : structuredClone(counters.stats);
  }

  allStats(): RateLimitStats[] {
    return [...this.portals.values()].map((counters) => structuredClone(counters.stats));
  }

  /** Forgets a portal's windows, daily count and statistics. */
  resetPortal(portalId: number): void {
    this.portals.delete(portalId);
  }

  clear(): void {
    this.portals.clear();
  }

  private checkSearch(counters: PortalCounters, perSecond: number, now: number): RateLimitDecision {
    const inSecond = counters.searchWindow.count(now);
    if (inSecond >= perSecond) {
      counters.stats.rejected.SECONDLY += 1;
      return { allowed: false, policy: 'SECONDLY', retryAfterSeconds: 1, headers: {} };
    }
    counters.searchWindow.record(now);
    counters.stats.maxSearchCallsInSecond = Math.max(counters.stats.maxSearchCallsInSecond, inSecond + 1);
    return { allowed: true, headers: {} };
  }

  private countersFor(portal: PortalRecord, now: number): PortalCounters {
    const dayKey = localDayKey(now, portal.timeZone);
    let counters = this.portals.get(portal.portalId);
    if (counters === undefined) {
      counters = {
        portalWindow: new SlidingWindow(BURST_INTERVAL_MS),
        appWindows: new Map(),
        searchWindow: new SlidingWindow(1000),
        dayKey,
        dailyUsed: 0,
        stats: {
          portalId: portal.portalId,
          maxCallsInWindow: 0,
          maxCallsInWindowByApp: {},
          maxSearchCallsInSecond: 0,
          rejected: { TEN_SECONDLY_ROLLING: 0, DAILY: 0, SECONDLY: 0 },
          dailyUsed: 0,
          dayKey,
        },
      };
      this.portals.set(portal.portalId, counters);
    }
    if (counters.dayKey !== dayKey) {
      counters.dayKey = dayKey;
      counters.dailyUsed = 0;
      counters.stats.dayKey = dayKey;
      counters.stats.dailyUsed = 0;
    }
    return counters;
  }

  private appWindow(counters: PortalCounters, appId: number): SlidingWindow {
    let window = counters.appWindows.get(appId);
    if (window === undefined) {
      window = new SlidingWindow(BURST_INTERVAL_MS);
      counters.appWindows.set(appId, window);
    }
    return window;
  }

  /** Returns the daily usage of a portal at `now` (for the API usage endpoint). */
  dailyUsage(portal: PortalRecord, now: number): { used: number; limit: number; resetsAt: number } {
    const counters = this.countersFor(portal, now);
    return {
      used: counters.dailyUsed,
      limit: effectiveLimits(portal).dailyMax,
      resetsAt: nextLocalMidnight(now, portal.timeZone),
    };
  }
}
