/** Each API Limit Increase pack adds this many calls to a portal's daily limit. */
const DAILY_PACK_SIZE = 1_000_000;

/** Daily limits without packs of the tiers below Enterprise: Free/Starter, and Professional (old and current figure). */
const NON_ENTERPRISE_BASE_LIMITS = new Set([250_000, 625_000, 650_000]);

/**
 * Infers from the `X-HubSpot-RateLimit-Daily` header whether a portal has an Enterprise
 * subscription, the only tier with custom objects. HubSpot's account details do not state the tier,
 * and its usage guidelines give the daily limit per tier: 250,000 (Free, Starter), 625,000
 * (Professional) and 1,000,000 (Enterprise), each plus 1,000,000 per limit pack.
 *
 * Returns undefined when the header is missing or has a value outside that table.
 * NOTE: this is an inference from documented limits, not a statement by HubSpot; a portal whose
 * limits HubSpot raised by other means reads as "unknown" and is not rejected.
 */
export function isEnterpriseByDailyLimit(dailyLimit: number | undefined): boolean | undefined {
  if (dailyLimit === undefined || !Number.isSafeInteger(dailyLimit) || dailyLimit <= 0) {
    return undefined;
  }
  const base = dailyLimit % DAILY_PACK_SIZE;
  if (base === 0) {
    return true;
  }
  return NON_ENTERPRISE_BASE_LIMITS.has(base) ? false : undefined;
}
