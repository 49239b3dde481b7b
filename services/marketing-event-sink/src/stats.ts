import type { RecordOutcome } from './outcomes.js';
import type { StatsDelta, StatsStore } from './ports.js';

/** A record's account, event and outcome, for the per-event counters. */
export interface CountedOutcome {
  accountId: string;
  eventId: string;
  outcome: RecordOutcome;
}

/**
 * Sums outcomes into one delta per (accountId, eventId). Records skipped because the account
 * has no connection are left out, so accounts that never connected HubSpot get no counters.
 */
export function sumOutcomes(
  items: readonly CountedOutcome[],
  now: Date,
): Map<string, { accountId: string; eventId: string; delta: StatsDelta }> {
  const sums = new Map<string, { accountId: string; eventId: string; delta: StatsDelta }>();
  for (const { accountId, eventId, outcome } of items) {
    if (outcome.kind === 'skipped' && outcome.reason === 'no-connection') {
      continue;
    }

    const key = JSON.stringify([accountId, eventId]);
    let entry = sums.get(key);
    if (entry === undefined) {
      entry = { accountId, eventId, delta: emptyDelta() };
      sums.set(key, entry);
    }
    addOutcome(entry.delta, outcome, now);
  }
  return sums;
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

function addOutcome(delta: StatsDelta, outcome: RecordOutcome, now: Date): void {
  switch (outcome.kind) {
    case 'applied':
      delta.applied += 1;
      delta.lastSuccessAt = now;
      return;
    case 'skipped':
      delta.skippedByReason[outcome.reason] = (delta.skippedByReason[outcome.reason] ?? 0) + 1;
      return;
    case 'retry':
      delta.retrying += 1;
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
): Promise<void> {
  for (const { accountId, eventId, delta } of sumOutcomes(items, now).values()) {
    await store.add(accountId, eventId, delta);
  }
}
