/** HubSpot's burst window for private apps, in milliseconds. */
export const BURST_WINDOW_MS = 10_000;

/** Professional and Enterprise burst limit: calls per app in any 10-second window. */
export const PROFESSIONAL_BURST_MAX = 190;

/** Max inputs per attendance call: HubSpot documents none, the sink and the sandbox use 100. */
export const ATTENDANCE_BATCH_MAX = 100;

/**
 * Returns the `p`-th percentile (0 to 100) of `values` by the nearest-rank method, or NaN for an
 * empty list. Nearest rank returns a measured value, never an interpolated one.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) {
    return Number.NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/**
 * Returns the shortest time, in milliseconds from the first call to the last, in which `calls`
 * calls fit under a limit of `limit` calls in any rolling window of `windowMs`. The fastest
 * schedule sends `limit` calls at once, then the next `limit` one window later, and so on.
 */
export function minimumSpanMs(calls: number, limit: number, windowMs = BURST_WINDOW_MS): number {
  if (calls <= 0) {
    return 0;
  }
  return Math.floor((calls - 1) / limit) * windowMs;
}

/** Returns the max number of `timestamps` (epoch ms) inside any window of `windowMs`. */
export function maxInWindow(timestamps: readonly number[], windowMs = BURST_WINDOW_MS): number {
  const sorted = [...timestamps].sort((a, b) => a - b);
  let max = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while (sorted[end]! - sorted[start]! >= windowMs) {
      start += 1;
    }
    max = Math.max(max, end - start + 1);
  }
  return max;
}

/** Rounds to `digits` decimals. */
export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
