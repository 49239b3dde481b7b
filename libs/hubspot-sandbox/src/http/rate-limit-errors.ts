import type { RateLimitDecision, RateLimitPolicy } from '../limits/rate-limiter.js';
import { hubspotError, type HubSpotHttpError } from './hubspot-errors.js';

const MESSAGES: Record<RateLimitPolicy, string> = {
  TEN_SECONDLY_ROLLING: 'You have reached your ten_secondly_rolling limit.',
  DAILY: 'You have reached your daily limit.',
  // The SDK's retry logic keys on this exact message.
  SECONDLY: 'You have reached your secondly limit.',
};

/**
 * The 429 HubSpot sends when a limit is reached, with `Retry-After` in seconds. NOTE: HubSpot's
 * `policyName` for the search limit is unconfirmed; the sandbox sends SECONDLY.
 */
export function rateLimitError(decision: RateLimitDecision): HubSpotHttpError {
  const policy = decision.policy ?? 'TEN_SECONDLY_ROLLING';
  return hubspotError(
    429,
    { message: MESSAGES[policy], errorType: 'RATE_LIMIT', policyName: policy, category: 'RATE_LIMITS' },
    { ...decision.headers, 'retry-after': String(decision.retryAfterSeconds ?? 1) },
  );
}
