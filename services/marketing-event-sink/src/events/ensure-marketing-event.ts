import type { EventSnapshot } from '@oniva-hubspot/contracts';

import type { ConnectionConfig } from '../enrichment/account-config.js';
import { outcomeOfFailure } from '../failure-outcome.js';
import type { ConnectionFailures } from '../health/connection-failures.js';
import { park, type RecordOutcome } from '../outcomes.js';
import type { SinkDependencies } from '../ports.js';
import { buildEventParams, eventTimesError } from './event-params.js';

/** Input of `ensureMarketingEvent`. */
export interface EnsureEventInput {
  connection: ConnectionConfig;
  /** Snapshot from the newest booking of the event in the batch. */
  event: EventSnapshot;
  deps: SinkDependencies;
  failures: ConnectionFailures;
  signal: AbortSignal | undefined;
}

/**
 * Makes sure the Oniva event has a marketing event in the connection's portal before
 * participants are recorded on it, because HubSpot cannot record attendance for an unknown event.
 * A missing event is created from the booking's event snapshot by upsert on its external ids, so
 * a retry after an ambiguous failure updates the same event instead of creating a second one.
 *
 * Returns undefined when the event exists. When it could not be created, returns the outcome for
 * every booking of the event: parked when the snapshot has no usable times or the connection
 * failed, otherwise retried or dead-lettered like any HubSpot failure.
 */
export async function ensureMarketingEvent(input: EnsureEventInput): Promise<RecordOutcome | undefined> {
  const { connection, event, deps } = input;
  const existing = await deps.mappings.find(connection.accountId, event.id);
  if (existing !== undefined && existing.portalId === connection.portalId) {
    return undefined;
  }

  const params = buildEventParams({
    accountId: connection.accountId,
    event,
    defaultOrganizer: deps.defaultOrganizer,
    state: 'active',
  });
  if (!params.ok) {
    return park(connection.accountId, 'event-times-invalid', eventTimesError(params.problem, event));
  }

  const api = await deps.hubspot.forConnection(connection);
  let objectId: string;
  try {
    ({ objectId } = await api.upsertEvent(params.params, input.signal));
  } catch (error) {
    return outcomeOfFailure(
      error,
      { accountId: connection.accountId, tokenFingerprint: api.tokenFingerprint },
      input.failures,
    );
  }

  // NOTE: an event record processed at the same time may have written newer fields first. The
  // next event update restores them, because this path runs only while no mapping exists.
  await deps.mappings.save({
    accountId: connection.accountId,
    eventId: event.id,
    portalId: connection.portalId,
    appId: connection.appId ?? 0,
    objectId,
    state: 'active',
    lastAppliedVersion: undefined,
  });
  return undefined;
}
