import { z } from 'zod';

import { HubSpotError } from './errors.js';

/**
 * In-process retry policy for retriable HubSpot errors. Sinks retry further through their retry
 * topics, so this stays small: a few attempts within seconds.
 *
 * Delay before attempt n + 1 (n = attempts made so far, starting at 1):
 *
 *     backoff(n) = min(maxDelayMs, initialDelayMs × backoffCoefficient^(n − 1)) × (1 + jitter × u)
 *
 * with u uniform in [−1, 1]. An error may carry `retryAfterMs`: HubSpot's `Retry-After`, the 2 s
 * of a 423, or the 10-s window after a burst 429. Then the delay is max(retryAfterMs, backoff(n)).
 * A `retryAfterMs` above `maxRetryAfterMs` ends the retries at once, because waiting that long in
 * process would stall the caller's consumer.
 *
 * Defaults: maxAttempts 3 (total attempts, so 2 retries), initialDelayMs 200, backoffCoefficient 2,
 * maxDelayMs 5,000, jitter 0.2, maxRetryAfterMs 15,000.
 */
export const retryPolicySchema = z
  .object({
    maxAttempts: z.number().int().min(1).max(10).default(3),
    initialDelayMs: z.number().min(0).default(200),
    backoffCoefficient: z.number().min(1).default(2),
    maxDelayMs: z.number().min(0).default(5_000),
    jitter: z.number().min(0).max(1).default(0.2),
    maxRetryAfterMs: z.number().min(0).default(15_000),
  })
  .refine((policy) => policy.maxDelayMs >= policy.initialDelayMs, {
    message: 'maxDelayMs must be at least initialDelayMs',
    path: ['maxDelayMs'],
  });

export type RetryPolicy = z.output<typeof retryPolicySchema>;
export type RetryPolicyInput = z.input<typeof retryPolicySchema>;

export const DEFAULT_RETRY_POLICY: RetryPolicy = retryPolicySchema.parse({});

/** Returns the backoff before attempt `attemptsMade + 1`, without Retry-After; `random` is in [0, 1). */
export function backoffDelayMs(
  policy: RetryPolicy,
  attemptsMade: number,
  random: number = Math.random(),
): number {
  const exponential = policy.initialDelayMs * policy.backoffCoefficient ** Math.max(0, attemptsMade - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  const spread = 1 + policy.jitter * (random * 2 - 1);
  return Math.max(0, Math.round(capped * spread));
}

/** Returns the wait before the next attempt, or undefined when the error must not be retried in process. */
export function retryDelayMs(
  policy: RetryPolicy,
  error: HubSpotError,
  attemptsMade: number,
  random?: number,
): number | undefined {
  if (error.kind !== 'retriable' || attemptsMade >= policy.maxAttempts) {
    return undefined;
  }
  if (error.retryAfterMs !== undefined && error.retryAfterMs > policy.maxRetryAfterMs) {
    return undefined;
  }
  return Math.max(error.retryAfterMs ?? 0, backoffDelayMs(policy, attemptsMade, random));
}

export interface RetryOptions {
  policy?: RetryPolicy | undefined;
  signal?: AbortSignal | undefined;
  /**
   * Extra veto on a retriable error, e.g. an ambiguous create must be resolved by a lookup instead
   * of being sent again.
   */
  canRetry?: ((error: HubSpotError) => boolean) | undefined;
  onRetry?: ((event: { error: HubSpotError; attempt: number; delayMs: number }) => void) | undefined;
}

/**
 * Runs `attempt` until it succeeds, fails with a non-retriable error, runs out of attempts or the
 * signal aborts. Errors other than `HubSpotError` are thrown at once. After two or more attempts
 * the error reads "<operation> failed N times" and keeps every attempt's error in `attempts`.
 */
export async function withRetry<T>(
  operation: string,
  attempt: (attemptNumber: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const errors: HubSpotError[] = [];

  for (let attemptNumber = 1; ; attemptNumber += 1) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (!(error instanceof HubSpotError)) {
        throw error;
      }
      errors.push(error);

      const vetoed = options.canRetry !== undefined && !options.canRetry(error);
      const delayMs = vetoed ? undefined : retryDelayMs(policy, error, attemptNumber);
      if (delayMs === undefined || options.signal?.aborted) {
        throw summarise(operation, errors);
      }

      options.onRetry?.({ error, attempt: attemptNumber, delayMs });
      const completed = await sleep(delayMs, options.signal);
      if (!completed) {
        throw summarise(operation, errors);
      }
    }
  }
}

function summarise(operation: string, errors: HubSpotError[]): HubSpotError {
  const last = errors[errors.length - 1] as HubSpotError;
  if (errors.length === 1) {
    return last;
  }

  const causes = errors
    .map((error, index) => `attempt ${index + 1}: ${error.code} ${error.message}`)
    .join('; ');
  return last.with({ message: `${operation} failed ${errors.length} times (${causes})`, attempts: errors });
}

/** Resolves true after `ms`, or false as soon as the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) {
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
