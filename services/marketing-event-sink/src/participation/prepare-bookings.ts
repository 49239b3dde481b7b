import type { BookingRecord } from '@oniva-hubspot/contracts';

import type { ConnectionConfig } from '../enrichment/account-config.js';
import { checkTransfer } from '../enrichment/gate.js';
import { resolveStatus, type SubscriberState } from '../enrichment/status-mapping.js';
import { SinkError } from '../errors.js';
import { deadLetter, park, skipped, type RecordOutcome } from '../outcomes.js';
import type { ConfigSource } from '../ports.js';
import { normalizeEmail } from './email.js';

/** A booking that passed every check and may be sent, unless a newer version replaces it. */
export interface BookingCandidate {
  /** Position of the record in the batch. */
  index: number;
  booking: BookingRecord;
  connection: ConnectionConfig;
  /** Normalised email. */
  email: string;
  state: SubscriberState;
  occurredAtMs: number;
}

/** Result of `prepareBooking`: a candidate, or the outcome the record gets without a HubSpot call. */
export type PreparedBooking =
  { kind: 'candidate'; candidate: BookingCandidate } | { kind: 'done'; outcome: RecordOutcome };

/**
 * Decides about one booking before any HubSpot call. The checks run in this order: activation and
 * feature (skip), status mapping (dead-letter `unmapped-status` when unmapped, skip when mapped to
 * `ignore`), email syntax (dead-letter `invalid-input`) and connection health (park).
 */
export async function prepareBooking(
  index: number,
  booking: BookingRecord,
  config: ConfigSource,
): Promise<PreparedBooking> {
  const context = await config.recordContext({
    accountId: booking.accountId,
    workspaceId: booking.workspaceId,
    eventId: booking.eventId,
  });
  const occurredAtMs = Date.parse(booking.occurredAt);
  const decision = checkTransfer(context, new Date(occurredAtMs));
  if (decision.kind === 'skip') {
    return { kind: 'done', outcome: skipped(decision.reason) };
  }

  // The gate only parks or sends when a connection exists.
  const connection = context.connection as ConnectionConfig;
  const target = resolveStatus(connection.statusMapping, booking.status);
  if (target === undefined) {
    const error = new SinkError(
      'MARKETING_SINK_ERR_UNMAPPED_STATUS',
      `Booking status "${booking.status}" has no HubSpot subscriber state in the status mapping of account ` +
        `${booking.accountId}; map it to register, attend, cancel or ignore in the connection settings`,
      { details: { field: 'status', value: booking.status } },
    );
    return { kind: 'done', outcome: deadLetter('unmapped-status', error) };
  }
  if (target === 'ignore') {
    return { kind: 'done', outcome: skipped('status-ignored') };
  }

  const email = normalizeEmail(booking.contact.email);
  if (!email.ok) {
    return { kind: 'done', outcome: deadLetter('invalid-input', email.error) };
  }

  if (decision.kind === 'park') {
    return { kind: 'done', outcome: park(booking.accountId, 'connection-unhealthy', decision.error) };
  }
  return {
    kind: 'candidate',
    candidate: { index, booking, connection, email: email.email, state: target, occurredAtMs },
  };
}
