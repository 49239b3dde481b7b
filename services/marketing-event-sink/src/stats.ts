import type { RecordOutcome } from './outcomes.js';
import type { StatsDelta, StatsStore } from './ports.js';

/** A record's account, event, origin and outcome, for the per-event counters. */
export interface CountedOutcome {
  accountId: string;
  eventId: string;
  /** 0 for the source topic, n for retry tier n. */
  tier: number;
  /** True for a parked record replayed through the first retry tier. */
  replayed: boolean;
  outcome: RecordOutcome;
}

/**
 * Sums outcomes into one delta per (accountId, eventId). Records skipped because the account
 * has no connection are left out, so accounts that never connected HubSpot get no counters.
 *
 * `retrying` and `parked` count records that are waiting now: a record read from a retry tier
 * leaves `retrying` (or `parked`, when it is a replayed parked record) before its new outcome is
 * added. A `retry` outcome in the last of `retryTierCount` tiers counts as dead-lettered, because
 * the runtime sends it to the dead-letter topic.
 */
export function sumOutcomes(
  items: readonly CountedOutcome[],
  now: Date,
  retryTierCount: number,
): Map<string, { accountId: string; eventId: string; delta: StatsDelta }> {
  const sums = new Map<string, { accountId: string; eventId: string; delta: StatsDelta }>();
  for (const item of items) {
    const { accountId, eventId, outcome } = item;
    if (outcome.kind === 'skipped' && outcome.reason === 'no-connection') {
      continue;
    }

    const key = JSON.stringify([accountId, eventId]);
    let entry = sums.get(key);
    if (entry === undefined) {
      entry = { accountId, eventId, delta: emptyDelta() };
      sums.set(key, entry);
    }
    leaveWaitingState(entry.delta, item);
    addOutcome(entry.delta, outcome, now, item.tier >= retryTierCount);
  }
  return sums;
}

function leaveWaitingState(delta: StatsDelta, item: CountedOutcome): void {
  if (item.tier === 0) {
    return;
  }
  if (item.replayed) {
    delta.parked -= 1;
  } else {
    delta.retrying -= 1;
  }
}

function emptyDelta(): StatsDelta {
  return {
    applied: 0,
    skippedByReason: {},
    retrying: 0,
    deadLettered: 0,
    parked: 0,
    lastSuccessAt: undefined,
    lastError: undefined,
  };
}

function addOutcome(delta: StatsDelta, outcome: RecordOutcome, now: Date, inLastTier: boolean): void {
  switch (outcome.kind) {
    case 'applied':
      delta.applied += 1;
      delta.lastSuccessAt = now;
      return;
    case 'skipped':
      delta.skippedByReason[outcome.reason] = (delta.skippedByReason[outcome.reason] ?? 0) + 1;
      return;
    case 'retry':
      if (inLastTier) {
        delta.deadLettered += 1;
      } else {
        delta.retrying += 1;
      }
      delta.lastError = errorSummary(outcome.error, now);
      return;
    case 'dead-letter':
      delta.deadLettered += 1;
      delta.lastError = errorSummary(outcome.error, now);
      return;
    case 'park':
      delta.parked += 1;
      delta.lastError = errorSummary(outcome.error, now);
      return;
  }
}

function errorSummary(error: Error, at: Date): { code: string; message: string; at: Date } {
  const code = (error as { code?: unknown }).code;
  return { code: typeof code === 'string' ? code : error.name, message: error.message, at };
}

/** Writes the per-event counters of a batch, one update per (accountId, eventId). */
export async function recordStats(
  store: StatsStore,
  items: readonly CountedOutcome[],
  now: Date,
  retryTierCount: number,
): Promise<void> {
  for (const { accountId, eventId, delta } of sumOutcomes(items, now, retryTierCount).values()) {
    await store.add(accountId, eventId, delta);
  }
}
