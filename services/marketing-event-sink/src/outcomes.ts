import type { DeadLetterReason } from '@oniva-hubspot/contracts';

/**
 * Why a record was skipped. A skipped record is committed and never retried:
 * - `no-connection`: the account has no HubSpot connection, or it was deleted;
 * - `feature-disabled`: the connection has the marketing events feature switched off;
 * - `workspace-not-activated` / `event-not-activated`: the app connection is not activated there;
 * - `before-activation`: the record occurred before the event was activated, and transfers are
 *   not retroactive;
 * - `status-ignored`: the connection's status mapping sends this booking status nowhere;
 * - `superseded`: a newer version of the same participant is in the same batch;
 * - `stale-version`: the ledger already contains this version or a newer one.
 */
export const SKIP_REASONS = [
  'no-connection',
  'feature-disabled',
  'workspace-not-activated',
  'event-not-activated',
  'before-activation',
  'status-ignored',
  'superseded',
  'stale-version',
] as const;

/** Reason for a skipped record; see `SKIP_REASONS`. */
export type SkipReason = (typeof SKIP_REASONS)[number];

/**
 * Why a record was parked in MongoDB instead of being sent:
 * - `connection-unhealthy`: HubSpot rejected the connection (token, scopes, daily limit), so every
 *   record of the account waits until the connection is healthy again and is then replayed;
 * - `event-times-invalid`: the event has no usable start and end instant, and the sink never
 *   invents one.
 */
export const PARK_REASONS = ['connection-unhealthy', 'event-times-invalid'] as const;

/** Reason for a parked record; see `PARK_REASONS`. */
export type ParkReason = (typeof PARK_REASONS)[number];

/** Result of one record. The consumer runtime commits, retries, dead-letters or parks the record accordingly. */
export type RecordOutcome =
  | { kind: 'applied' }
  | { kind: 'skipped'; reason: SkipReason }
  | { kind: 'retry'; error: Error; retryAfterMs?: number | undefined }
  | { kind: 'dead-letter'; reason: DeadLetterReason; error: Error }
  | { kind: 'park'; accountId: string; reason: ParkReason; error: Error };

export const applied = (): RecordOutcome => ({ kind: 'applied' });

export const skipped = (reason: SkipReason): RecordOutcome => ({ kind: 'skipped', reason });

export const retry = (error: Error, retryAfterMs?: number): RecordOutcome => ({
  kind: 'retry',
  error,
  retryAfterMs,
});

export const deadLetter = (reason: DeadLetterReason, error: Error): RecordOutcome => ({
  kind: 'dead-letter',
  reason,
  error,
});

export const park = (accountId: string, reason: ParkReason, error: Error): RecordOutcome => ({
  kind: 'park',
  accountId,
  reason,
  error,
});
