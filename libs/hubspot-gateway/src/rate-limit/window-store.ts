/**
 * Storage for rolling call windows. A window is the list of call start times (epoch ms) under a
 * key such as `burst:<portalId>:<appId>`. A reservation adds a start time only while fewer than
 * `budget` of them lie inside the window, so concurrent reservations never exceed the budget.
 */
export interface ReserveRequest {
  key: string;
  /** Calls allowed per window when the window has no learned `max`. */
  defaultBudget: number;
  /** Fraction of the budget this store may use (1 shared; less for a local fallback). */
  budgetShare: number;
  /** Extra time a stamp stays counted, covering the delay between reservation and HubSpot's clock. */
  marginMs: number;
  /** Window length when the window has no learned interval. */
  defaultWindowMs: number;
  now: number;
}

export type ReserveResult =
  | { granted: true; budget: number }
  /** `retryAt`: epoch ms when a stamp leaves the window or the pause ends. */
  | { granted: false; budget: number; retryAt: number; paused: boolean };

export interface LearnedLimit {
  max: number;
  intervalMs: number;
}

export interface DailyState {
  dailyMax?: number | undefined;
  dailyRemaining?: number | undefined;
  observedAt?: number | undefined;
  /** Epoch ms until which the daily limit is exhausted. */
  exhaustedUntil?: number | undefined;
}

export interface WindowStore {
  reserve(request: ReserveRequest): Promise<ReserveResult>;
  /** Pauses the window until `until` (epoch ms); an existing later pause is kept. */
  pause(key: string, until: number): Promise<void>;
  /** Stores the limit HubSpot reported for the window. */
  learnLimit(key: string, limit: LearnedLimit): Promise<void>;
  readDaily(key: string): Promise<DailyState>;
  writeDaily(key: string, state: DailyState): Promise<void>;
}

/** Returns the budget for a window: its learned or default max, scaled by the store's share, at least 1. */
export function effectiveBudget(learnedMax: number | undefined, request: ReserveRequest): number {
  const max = learnedMax ?? request.defaultBudget;
  return Math.max(1, Math.floor(max * request.budgetShare));
}
