import type { ConnectionConfig } from '../enrichment/account-config.js';
import { SinkError } from '../errors.js';
import { outcomeOfFailure } from '../failure-outcome.js';
import type { ConnectionFailures } from '../health/connection-failures.js';
import { applied, park, retry, type RecordOutcome } from '../outcomes.js';
import type { AppliedParticipant, AttendanceResult, SinkDependencies } from '../ports.js';
import type { AttendanceCall } from './attendance-plan.js';
import type { BookingCandidate } from './prepare-bookings.js';

/** Input of `sendAttendanceCalls`. */
export interface SendAttendanceInput {
  connection: ConnectionConfig;
  /** Calls of this connection's account, sent one after the other. */
  calls: readonly AttendanceCall<BookingCandidate>[];
  deps: SinkDependencies;
  failures: ConnectionFailures;
  signal: AbortSignal | undefined;
  /** Outcomes by record index; filled for every item of every call. */
  outcomes: (RecordOutcome | undefined)[];
}

/**
 * Sends the attendance calls of one account and sets one outcome per item. A successful input is
 * written to the ledger first and only then counted as applied, so a crash in between sends it
 * again, which HubSpot treats as a repeat. Once the connection fails, the remaining items are
 * parked without calling HubSpot. Ledger and database errors propagate, so the consumer runtime
 * redelivers the batch instead of committing it.
 */
export async function sendAttendanceCalls(input: SendAttendanceInput): Promise<void> {
  const { connection, deps, failures, outcomes } = input;
  const accountId = connection.accountId;

  for (const call of input.calls) {
    const failure = failures.errorOf(accountId);
    if (failure !== undefined) {
      for (const item of call.items) {
        outcomes[item.record.index] = park(accountId, 'connection-unhealthy', failure);
      }
      continue;
    }

    const api = await deps.hubspot.forConnection(connection);
    let results: AttendanceResult[];
    try {
      results = await api.recordAttendance(
        {
          externalAccountId: accountId,
          externalEventId: call.eventId,
          state: call.state,
          inputs: call.items.map((item) => ({
            email: item.email,
            interactionDateTime: item.interactionMs,
            contactProperties: item.contactProperties,
          })),
        },
        input.signal,
      );
    } catch (error) {
      const outcome = await outcomeOfFailure(
        error,
        { accountId, tokenFingerprint: api.tokenFingerprint },
        failures,
      );
      for (const item of call.items) {
        outcomes[item.record.index] = outcome;
      }
      continue;
    }

    const appliedItems: AppliedParticipant[] = [];
    const appliedIndexes: number[] = [];
    for (const [position, item] of call.items.entries()) {
      const result = results[position];
      if (result === undefined) {
        const error = new SinkError(
          'MARKETING_SINK_ERR_NO_RESULT',
          `HubSpot returned no attendance result for ${item.email} on event ${call.eventId}; the record is retried`,
        );
        outcomes[item.record.index] = retry(error);
      } else if (result.ok) {
        appliedItems.push({
          accountId,
          eventId: call.eventId,
          email: item.email,
          version: item.record.booking.version,
          occurredAtMs: item.interactionMs,
          contactId: result.contactId,
          state: call.state,
        });
        appliedIndexes.push(item.record.index);
      } else {
        outcomes[item.record.index] = await outcomeOfFailure(
          result.error,
          { accountId, tokenFingerprint: api.tokenFingerprint },
          failures,
        );
      }
    }

    if (appliedItems.length > 0) {
      await deps.ledger.recordParticipants(appliedItems);
    }
    for (const index of appliedIndexes) {
      outcomes[index] = applied();
    }
  }
}
