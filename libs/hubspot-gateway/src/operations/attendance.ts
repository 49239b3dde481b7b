import type {
  AttendanceCounters,
  CollectionResponseWithTotalParticipationBreakdownForwardPaging,
  SubscriberEmailResponse,
} from '@hubspot/api-client/lib/codegen/marketing/events/index.js';
import { z } from 'zod';

import { BATCH_LIMITS, runBatch } from '../batch.js';
import type { BatchOutcome } from '../batch-outcomes.js';
import type { CallOptions, HubSpotConnection } from '../connection.js';
import type { MarketingEventKey } from './marketing-events.js';
import { batchReplyOf } from './batch-reply.js';

/** The `subscriberState` path verbs HubSpot accepts on the attendance endpoints. */
export const ATTENDANCE_STATES = ['register', 'attend', 'cancel'] as const;
export type AttendanceState = (typeof ATTENDANCE_STATES)[number];

export const attendanceByEmailSchema = z.object({
  email: z.string().trim().min(3),
  /** Epoch milliseconds of the state change; the same contact and value make a repeat harmless. */
  interactionDateTime: z.number().int().positive(),
  /** Only for `attend`: `joinedAt` and `leftAt` as ISO-8601 strings. */
  properties: z.record(z.string(), z.string()).optional(),
  /** Applied only when HubSpot creates the contact; existing contacts keep their values. */
  contactProperties: z.record(z.string(), z.string()).optional(),
});
export type AttendanceByEmail = z.infer<typeof attendanceByEmailSchema>;

export interface AttendanceRequest extends MarketingEventKey {
  state: AttendanceState;
  inputs: readonly AttendanceByEmail[];
}

/**
 * Records a participation state for contacts by email, creating missing contacts
 * (`POST /marketing/v3/marketing-events/attendance/{externalEventId}/{state}/email-create?externalAccountId=`),
 * in batches of 100. The state and every input are validated before any request, so an unmapped
 * state never reaches HubSpot. Uses `addEventAttendeesApi`: SDK 14's `subscriberStateChangesApi`
 * rejects every response, including success.
 */
export async function recordAttendanceByEmail(
  connection: HubSpotConnection,
  request: AttendanceRequest,
  options?: CallOptions,
): Promise<BatchOutcome<AttendanceByEmail, SubscriberEmailResponse>[]> {
  const state = z.enum(ATTENDANCE_STATES).parse(request.state);
  const inputs = request.inputs.map((input) => attendanceByEmailSchema.parse(input));

  return runBatch<AttendanceByEmail, SubscriberEmailResponse>({
    inputs,
    maxBatchSize: BATCH_LIMITS.attendance,
    context: { operation: `marketingEvents.attendance.${state}`, portalId: connection.portalId },
    mapping: {
      inputKeys: (input) => [input.email.toLowerCase()],
      resultKeys: (result) => [result.email],
    },
    send: async (part) => {
      const call = await connection.call(
        { operation: `marketingEvents.attendance.${state}`, idempotent: true },
        (client) =>
          client.marketing.events.addEventAttendeesApi.recordByContactEmails(
            request.externalEventId,
            state,
            { inputs: part.map(({ input }) => input) },
            request.externalAccountId,
          ),
        options,
      );
      return batchReplyOf(call);
    },
  });
}

/** Reads the event's counters, which reflect each contact's current state only. */
export async function getParticipationCounters(
  connection: HubSpotConnection,
  key: MarketingEventKey,
  options?: CallOptions,
): Promise<AttendanceCounters> {
  const { data } = await connection.call(
    { operation: 'marketingEvents.participations.counters', idempotent: true },
    (client) =>
      client.marketing.events.retrieveParticipantStateApi.getParticipationsCountersByEventExternalId(
        key.externalAccountId,
        key.externalEventId,
      ),
    options,
  );
  return data;
}

export interface BreakdownRequest extends MarketingEventKey {
  /** Email or contact id. */
  contactIdentifier?: string | undefined;
  state?: 'REGISTERED' | 'CANCELLED' | 'ATTENDED' | 'NO_SHOW' | undefined;
  /** 1 to 100; HubSpot's default is 10. */
  limit?: number | undefined;
  after?: string | undefined;
}

/** Reads one page of per-contact participations of an event. */
export async function getParticipationBreakdown(
  connection: HubSpotConnection,
  request: BreakdownRequest,
  options?: CallOptions,
): Promise<CollectionResponseWithTotalParticipationBreakdownForwardPaging> {
  const { data } = await connection.call(
    { operation: 'marketingEvents.participations.breakdown', idempotent: true },
    (client) =>
      client.marketing.events.retrieveParticipantStateApi.getParticipationsBreakdownByExternalEventId(
        request.externalAccountId,
        request.externalEventId,
        request.contactIdentifier,
        request.state,
        request.limit,
        request.after,
      ),
    options,
  );
  return data;
}
