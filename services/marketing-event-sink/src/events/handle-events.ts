import type { EventRecord } from '@oniva-hubspot/contracts';

import type { ConnectionConfig } from '../enrichment/account-config.js';
import { checkTransfer } from '../enrichment/gate.js';
import { outcomeOfFailure } from '../failure-outcome.js';
import { groupBy } from '../group-by.js';
import { ConnectionFailures } from '../health/connection-failures.js';
import { applied, park, skipped, type RecordOutcome } from '../outcomes.js';
import { isNewer } from '../participation/versions.js';
import type { HandleOptions, SinkDependencies, SinkInput } from '../ports.js';
import { recordStats } from '../stats.js';
import { buildEventParams, eventTimesError, type MarketingEventState } from './event-params.js';
import { nextLifecycleState } from './lifecycle.js';

interface EventCandidate {
  index: number;
  record: EventRecord;
  connection: ConnectionConfig;
  occurredAtMs: number;
}

/**
 * Processes a batch of event records (one partition, in offset order) and returns one outcome
 * per record, in the same order.
 *
 * Per Oniva event, the newest version in the batch is sent as one upsert by external ids, with
 * the cancelled and completed flags of every newer-than-applied record of the batch folded in.
 * Versions at or below the ledger's are skipped as `stale-version`. The older records of the
 * batch are skipped as `superseded` once the newest one is applied. When it is not applied, they
 * share its outcome, so a cancellation in an older record is never lost to a failed newer one.
 */
export async function handleEvents(
  records: readonly SinkInput<EventRecord>[],
  deps: SinkDependencies,
  options: HandleOptions,
): Promise<RecordOutcome[]> {
  const outcomes: (RecordOutcome | undefined)[] = new Array<RecordOutcome | undefined>(records.length);
  const failures = new ConnectionFailures(deps.health, deps.config, options.logger);

  const candidates: EventCandidate[] = [];
  for (const [index, { value }] of records.entries()) {
    const context = await deps.config.recordContext(value);
    const occurredAtMs = Date.parse(value.occurredAt);
    const decision = checkTransfer(context, new Date(occurredAtMs));
    if (decision.kind === 'skip') {
      outcomes[index] = skipped(decision.reason);
    } else if (decision.kind === 'park') {
      outcomes[index] = park(value.accountId, 'connection-unhealthy', decision.error);
    } else {
      candidates.push({ index, record: value, connection: decision.connection, occurredAtMs });
    }
  }

  for (const eventCandidates of groupBy(candidates, (candidate) =>
    JSON.stringify([candidate.record.accountId, candidate.record.eventId]),
  )) {
    await applyEventVersions(eventCandidates, deps, failures, options.signal, outcomes);
  }

  const final = outcomes.map((outcome, index) => {
    if (outcome === undefined) {
      throw new Error(
        `No outcome was set for event record at position ${index}; this is a bug in handleEvents`,
      );
    }
    return outcome;
  });
  await recordStats(
    deps.stats,
    records.map(({ value, tier, replayed }, index) => ({
      accountId: value.accountId,
      eventId: value.eventId,
      tier: tier ?? 0,
      replayed: replayed ?? false,
      outcome: final[index]!,
    })),
    deps.now(),
    deps.retryTierCount,
  );
  return final;
}

/** Applies the records of one Oniva event that passed the gate, all of the same connection. */
async function applyEventVersions(
  candidates: readonly EventCandidate[],
  deps: SinkDependencies,
  failures: ConnectionFailures,
  signal: AbortSignal | undefined,
  outcomes: (RecordOutcome | undefined)[],
): Promise<void> {
  const first = candidates[0]!;
  const { accountId, eventId } = first.record;
  const appliedVersion = await deps.ledger.eventVersion(accountId, eventId);

  const fresh: EventCandidate[] = [];
  for (const candidate of candidates) {
    if (appliedVersion !== undefined && candidate.record.version <= appliedVersion) {
      outcomes[candidate.index] = skipped('stale-version');
    } else {
      fresh.push(candidate);
    }
  }
  if (fresh.length === 0) {
    return;
  }

  const inVersionOrder = [...fresh].sort((a, b) =>
    isNewer(versionOf(a), versionOf(b)) ? 1 : isNewer(versionOf(b), versionOf(a)) ? -1 : a.index - b.index,
  );
  const newest = inVersionOrder.at(-1)!;
  const outcome = await upsertNewest(newest, inVersionOrder, deps, failures, signal);

  outcomes[newest.index] = outcome;
  for (const candidate of fresh) {
    if (candidate !== newest) {
      outcomes[candidate.index] = outcome.kind === 'applied' ? skipped('superseded') : outcome;
    }
  }
}

async function upsertNewest(
  newest: EventCandidate,
  inVersionOrder: readonly EventCandidate[],
  deps: SinkDependencies,
  failures: ConnectionFailures,
  signal: AbortSignal | undefined,
): Promise<RecordOutcome> {
  const { connection, record } = newest;
  const failure = failures.errorOf(connection.accountId);
  if (failure !== undefined) {
    return park(connection.accountId, 'connection-unhealthy', failure);
  }

  const mapping = await deps.mappings.find(record.accountId, record.eventId);
  const samePortal = mapping !== undefined && mapping.portalId === connection.portalId;
  let state: MarketingEventState = samePortal ? mapping.state : 'active';
  for (const candidate of inVersionOrder) {
    state = nextLifecycleState(state, candidate.record.type);
  }

  const params = buildEventParams({
    accountId: record.accountId,
    event: record.event,
    defaultOrganizer: deps.defaultOrganizer,
    state,
  });
  if (!params.ok) {
    return park(record.accountId, 'event-times-invalid', eventTimesError(params.problem, record.event));
  }

  const api = await deps.hubspot.forConnection(connection);
  let objectId: string;
  try {
    ({ objectId } = await api.upsertEvent(params.params, signal));
  } catch (error) {
    return outcomeOfFailure(
      error,
      { accountId: connection.accountId, tokenFingerprint: api.tokenFingerprint },
      failures,
    );
  }

  await deps.mappings.save({
    accountId: record.accountId,
    eventId: record.eventId,
    portalId: connection.portalId,
    appId: connection.appId ?? 0,
    objectId,
    state,
    lastAppliedVersion: record.version,
  });
  await deps.ledger.recordEvent({
    accountId: record.accountId,
    eventId: record.eventId,
    version: record.version,
    occurredAtMs: newest.occurredAtMs,
  });
  return applied();
}

function versionOf(candidate: EventCandidate): { version: number; occurredAtMs: number } {
  return { version: candidate.record.version, occurredAtMs: candidate.occurredAtMs };
}
