import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuthContext, RouteModule } from '../context.js';
import { validationError } from '../http/hubspot-errors.js';
import { batchResponse } from '../http/batch.js';
import { parseBody } from '../http/params.js';
import type { MarketingEventRecord } from '../state/marketing-events.js';
import type { PortalMarketingEvents } from '../state/marketing-events-portal.js';
import { SUBSCRIBER_STATES, type SubscriberState } from '../state/marketing-events-attendance.js';
import {
  MARKETING_EVENTS_BASE,
  WRITE_SCOPES,
  authorizeMarketingEvents,
  checkBatchSize,
  findEventByObjectId,
  findOwnEvent,
  requireExternalAccountId,
} from './marketing-events-shared.js';
import {
  recordByContactIds,
  recordByEmails,
  type AttendanceOutcome,
} from './marketing-events-attendance-recording.js';

/** Path spellings of each state: the verbs of the spec and SDK, and the state names of the guide. */
const STATE_SPELLINGS: Readonly<Record<string, SubscriberState>> = {
  register: 'REGISTERED',
  registered: 'REGISTERED',
  attend: 'ATTENDED',
  attended: 'ATTENDED',
  cancel: 'CANCELLED',
  cancelled: 'CANCELLED',
};
const ALLOWED_SPELLINGS = ['register', 'attend', 'cancel', ...SUBSCRIBER_STATES];

/** Epoch milliseconds as an integer. Strings and fractions are rejected because HubSpot types the field as int64. */
const epochMilliseconds = z.number().int('must be an integer number of epoch milliseconds');

/**
 * `joinedAt` and `leftAt` as ISO-8601 date-times. Only these keys are accepted, and
 * `rejectPropertiesUnlessAttended` allows them only when the state is ATTENDED.
 */
const attendancePropertiesSchema = z.strictObject({
  joinedAt: z.iso.datetime({ offset: true }).optional(),
  leftAt: z.iso.datetime({ offset: true }).optional(),
});

const byContactIdSchema = z.object({
  inputs: z.array(
    z.looseObject({
      vid: z.number().int('must be an integer contact id'),
      interactionDateTime: epochMilliseconds,
      properties: attendancePropertiesSchema.optional(),
    }),
  ),
});

const byEmailSchema = z.object({
  inputs: z.array(
    z.looseObject({
      email: z.string(),
      interactionDateTime: epochMilliseconds,
      properties: attendancePropertiesSchema.optional(),
      contactProperties: z.record(z.string(), z.string()).optional(),
    }),
  ),
});

/** Resolves a `subscriberState` path value case-insensitively. Throws 400 listing the allowed values for any other value. */
export function parseSubscriberState(value: string): SubscriberState {
  const state = STATE_SPELLINGS[value.toLowerCase()];
  if (state === undefined) {
    throw validationError(
      `Invalid subscriberState "${value}". Use one of: ${ALLOWED_SPELLINGS.join(', ')} (case-insensitive).`,
      { context: { subscriberState: [value], allowedValues: ALLOWED_SPELLINGS } },
    );
  }
  return state;
}

/** Throws 400 when an input carries `properties` with a state other than ATTENDED. */
function rejectPropertiesUnlessAttended(
  state: SubscriberState,
  inputs: ReadonlyArray<{ properties?: Record<string, unknown> | undefined }>,
): void {
  if (state === 'ATTENDED') return;
  const index = inputs.findIndex(
    (input) => input.properties !== undefined && Object.keys(input.properties).length > 0,
  );
  if (index >= 0) {
    throw validationError(
      `inputs.${index}.properties is only allowed for the attend state, because joinedAt and leftAt describe attendance. Remove properties or record the attend state.`,
      { context: { subscriberState: [state] } },
    );
  }
}

type EventLocator = (
  request: FastifyRequest,
  auth: AuthContext,
  state: PortalMarketingEvents,
) => MarketingEventRecord;

const byExternalIds: EventLocator = (request, auth, state) => {
  const params = request.params as { externalEventId: string };
  return findOwnEvent(state, auth, requireExternalAccountId(request), params.externalEventId);
};

const byObjectId: EventLocator = (request, _auth, state) =>
  findEventByObjectId(state, (request.params as { objectId: string }).objectId);

/**
 * Attendance (participant state) by contact id and by email, keyed by external ids or by
 * objectId. Recording is idempotent per contact, state and `interactionDateTime`.
 */
export const marketingEventAttendanceRoutes: RouteModule = (app, ctx) => {
  const routes: Array<{ path: string; locate: EventLocator; needsAccountId: boolean }> = [
    {
      path: `${MARKETING_EVENTS_BASE}/attendance/:externalEventId/:subscriberState`,
      locate: byExternalIds,
      needsAccountId: true,
    },
    {
      path: `${MARKETING_EVENTS_BASE}/:objectId/attendance/:subscriberState`,
      locate: byObjectId,
      needsAccountId: false,
    },
  ];

  for (const { path, locate, needsAccountId } of routes) {
    app.post(`${path}/create`, async (request, reply) => {
      const { auth, state } = authorizeMarketingEvents(ctx, request, WRITE_SCOPES);
      const subscriberState = parseSubscriberState(
        (request.params as { subscriberState: string }).subscriberState,
      );
      if (needsAccountId) requireExternalAccountId(request);
      const { inputs } = parseBody(byContactIdSchema, request.body);
      checkBatchSize(state, inputs.length);
      rejectPropertiesUnlessAttended(subscriberState, inputs);
      const event = locate(request, auth, state);

      const startedAt = ctx.clock.now();
      const outcome = recordByContactIds({ ctx, request, auth, state, event, subscriberState, inputs });
      return sendOutcome(reply, state, outcome, startedAt, ctx.clock.now());
    });

    app.post(`${path}/email-create`, async (request, reply) => {
      const { auth, state } = authorizeMarketingEvents(ctx, request, WRITE_SCOPES);
      const subscriberState = parseSubscriberState(
        (request.params as { subscriberState: string }).subscriberState,
      );
      if (needsAccountId) requireExternalAccountId(request);
      const { inputs } = parseBody(byEmailSchema, request.body);
      checkBatchSize(state, inputs.length);
      rejectPropertiesUnlessAttended(subscriberState, inputs);
      const event = locate(request, auth, state);

      const startedAt = ctx.clock.now();
      const outcome = recordByEmails({ ctx, request, auth, state, event, subscriberState, inputs });
      return sendOutcome(reply, state, outcome, startedAt, ctx.clock.now());
    });
  }
};

/** Sends the batch body. With per-input errors, the status is `attendancePartialFailureStatus` (200 by default). */
function sendOutcome(
  reply: FastifyReply,
  state: PortalMarketingEvents,
  outcome: AttendanceOutcome,
  startedAt: number,
  completedAt: number,
) {
  const status = outcome.errors.length > 0 ? state.options.attendancePartialFailureStatus : 200;
  return reply.code(status).send(batchResponse(outcome.results, outcome.errors, startedAt, completedAt));
}
