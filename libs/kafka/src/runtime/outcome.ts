import type { DeadLetterReason } from '@oniva-hubspot/contracts';

/**
 * Result of one record in a batch handler. Every record passed to the handler gets exactly
 * one outcome, in the same order as the records.
 * - `applied`: the effect is durable (for a sink: written to HubSpot and recorded in the ledger).
 * - `skipped`: nothing to do, never retried (e.g. the version is already applied, or the account
 *   has the feature off). `reason` labels the skipped-records metric, so keep it a short fixed word.
 * - `retry`: a transient failure; the record goes to the next retry tier, or to the dead-letter
 *   topic with reason `retries-exhausted` after the last tier.
 * - `dead-letter`: a permanent failure of this record; it goes to the dead-letter topic now.
 * - `park`: the account's connection cannot take writes (e.g. token revoked, scopes missing); the
 *   record is stored in MongoDB and replayed with `replayParked` when the connection is healthy.
 */
export type RecordOutcome =
  | { readonly kind: 'applied' }
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'retry'; readonly error: unknown; readonly retryAfterMs?: number }
  | { readonly kind: 'dead-letter'; readonly reason: DeadLetterReason; readonly error: unknown }
  | { readonly kind: 'park'; readonly accountId: string; readonly reason: string; readonly error: unknown };

/** Kind of a `RecordOutcome`. */
export type OutcomeKind = RecordOutcome['kind'];

/**
 * Constructors for `RecordOutcome`. `error` may be any thrown value; the runtime stores its `code`
 * (or class name), `message`, and `details` when the error has such a field.
 */
export const outcome = Object.freeze({
  applied: (): RecordOutcome => ({ kind: 'applied' }),
  skipped: (reason: string): RecordOutcome => ({ kind: 'skipped', reason }),
  retry: (error: unknown, options: { retryAfterMs?: number } = {}): RecordOutcome =>
    options.retryAfterMs === undefined
      ? { kind: 'retry', error }
      : { kind: 'retry', error, retryAfterMs: options.retryAfterMs },
  deadLetter: (reason: DeadLetterReason, error: unknown): RecordOutcome => ({
    kind: 'dead-letter',
    reason,
    error,
  }),
  park: (accountId: string, reason: string, error: unknown): RecordOutcome => ({
    kind: 'park',
    accountId,
    reason,
    error,
  }),
});
