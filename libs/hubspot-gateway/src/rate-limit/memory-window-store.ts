import { effectiveBudget } from './window-store.js';
import type { DailyState, LearnedLimit, ReserveRequest, ReserveResult, WindowStore } from './window-store.js';

interface MemoryWindow {
  stamps: number[];
  pausedUntil: number;
  limit?: LearnedLimit;
}

/**
 * Window store inside one process: the fallback while MongoDB is unreachable, with a reduced
 * budget share, and a store for tests.
 */
export class MemoryWindowStore implements WindowStore {
  private readonly windows = new Map<string, MemoryWindow>();
  private readonly daily = new Map<string, DailyState>();

  async reserve(request: ReserveRequest): Promise<ReserveResult> {
    const window = this.window(request.key);
    const windowMs = (window.limit?.intervalMs ?? request.defaultWindowMs) + request.marginMs;
    const budget = effectiveBudget(window.limit?.max, request);
    window.stamps = window.stamps.filter((stamp) => stamp > request.now - windowMs);

    if (window.pausedUntil > request.now) {
      return { granted: false, budget, retryAt: window.pausedUntil, paused: true };
    }
    if (window.stamps.length >= budget) {
      const oldest = Math.min(...window.stamps);
      return { granted: false, budget, retryAt: oldest + windowMs, paused: false };
    }
    window.stamps.push(request.now);
    return { granted: true, budget };
  }

  async pause(key: string, until: number): Promise<void> {
    const window = this.window(key);
    window.pausedUntil = Math.max(window.pausedUntil, until);
  }

  async learnLimit(key: string, limit: LearnedLimit): Promise<void> {
    this.window(key).limit = limit;
  }

  async readDaily(key: string): Promise<DailyState> {
    return { ...this.daily.get(key) };
  }

  async writeDaily(key: string, state: DailyState): Promise<void> {
    this.daily.set(key, { ...this.daily.get(key), ...state });
  }

  private window(key: string): MemoryWindow {
    let window = this.windows.get(key);
    if (window === undefined) {
      window = { stamps: [], pausedUntil: 0 };
      this.windows.set(key, window);
    }
    return window;
  }
}
