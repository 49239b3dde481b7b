import { outcome, type RecordOutcome } from '@oniva-hubspot/kafka';

/**
 * Why a record was skipped. A skipped record is committed and never retried:
 * - `no-connection`: the account has no HubSpot connection, or it was deleted;
 * - `feature-disabled`: the connection has the Custom Objects feature switched off;
 * - `workspace-not-activated` / `event-not-activated`: the app connection is not activated there;
 * - `before-activation`: the link occurred before the event was activated, and transfers are
 *   not retroactive;
 * - `superseded`: a newer version of the same link is in the same batch;
 * - `stale-version`: the ledger already has this version or a newer one, with its association.
 */
export const SKIP_REASONS = [
  'no-connection',
  'feature-disabled',
  'workspace-not-activated',
  'event-not-activated',
  'before-activation',
  'superseded',
  'stale-version',
] as const;

/** Reason for skipping a record; see `SKIP_REASONS`. */
export type SkipReason = (typeof SKIP_REASONS)[number];

/**
 * Reason of every parked link: HubSpot rejected the connection (token, scopes, subscription,
 * schema, daily limit), so every link of the account waits until the connection is fixed and is
 * then replayed.
 */
export const PARK_REASON = 'connection-unhealthy';

/** Returns the outcome of a record skipped for `reason`. */
export function skipped(reason: SkipReason): RecordOutcome {
  return outcome.skipped(reason);
}

/** Returns the outcome of a record parked because its account's connection cannot take writes. */
export function parked(accountId: string, error: Error): RecordOutcome {
  return outcome.park(accountId, PARK_REASON, error);
}

export type { RecordOutcome };
