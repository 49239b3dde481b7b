/** Limits that HubSpot reports on every non-search response of a private app. */
export interface RateLimitHeaders {
  /** `X-HubSpot-RateLimit-Max`: calls allowed per rolling window for this app. */
  max?: number | undefined;
  /** `X-HubSpot-RateLimit-Remaining`. */
  remaining?: number | undefined;
  /** `X-HubSpot-RateLimit-Interval-Milliseconds`: window length, 10,000 in practice. */
  intervalMs?: number | undefined;
  /** `X-HubSpot-RateLimit-Daily`: calls allowed per day for the whole portal. */
  daily?: number | undefined;
  /** `X-HubSpot-RateLimit-Daily-Remaining`. */
  dailyRemaining?: number | undefined;
}

/** Reads the rate-limit headers from lower-case header names; missing or non-numeric values are left out. */
export function parseRateLimitHeaders(headers: Record<string, string>): RateLimitHeaders {
  return {
    max: numberHeader(headers, 'x-hubspot-ratelimit-max'),
    remaining: numberHeader(headers, 'x-hubspot-ratelimit-remaining'),
    intervalMs: numberHeader(headers, 'x-hubspot-ratelimit-interval-milliseconds'),
    daily: numberHeader(headers, 'x-hubspot-ratelimit-daily'),
    dailyRemaining: numberHeader(headers, 'x-hubspot-ratelimit-daily-remaining'),
  };
}

function numberHeader(headers: Record<string, string>, name: string): number | undefined {
  const value = headers[name];
  if (value === undefined || value.trim() === '') {
    return undefined;
  }
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : undefined;
}
