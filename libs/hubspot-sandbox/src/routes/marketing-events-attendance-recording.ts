import type { FastifyRequest } from 'fastify';
import type { AuthContext, SandboxContext } from '../context.js';
import { batchItemError, forcedItemError, toBatchItemError, type BatchItemError } from '../http/batch.js';
import { HubSpotHttpError } from '../http/hubspot-errors.js';
import { isValidEmail } from '../state/property-validation.js';
import type { MarketingEventRecord } from '../state/marketing-events.js';
import type { PortalMarketingEvents } from '../state/marketing-events-portal.js';
import type { StateChange, SubscriberState } from '../state/marketing-events-attendance.js';

interface AttendanceProperties {
  joinedAt?: string | undefined;
  leftAt?: string | undefined;
}

/** Results and per-input errors of one attendance call. */
export interface AttendanceOutcome {
  results: Array<{ vid: number; email?: string }>;
  errors: BatchItemError[];
}

interface RecordingRequest<Input> {
  ctx: SandboxContext;
  request: FastifyRequest;
  auth: AuthContext;
  state: PortalMarketingEvents;
  event: MarketingEventRecord;
  subscriberState: SubscriberState;
  inputs: readonly Input[];
}

function stateChange(
  subscriberState: SubscriberState,
  interactionDateTime: number,
  properties: AttendanceProperties | undefined,
  now: number,
): StateChange {
  return {
    state: subscriberState,
    interactionDateTime,
    ...(properties?.joinedAt === undefined ? {} : { joinedAt: Date.parse(properties.joinedAt) }),
    ...(properties?.leftAt === undefined ? {} : { leftAt: Date.parse(properties.leftAt) }),
    recordedAt: now,
  };
}

/**
 * Records a state change for each existing contact id. Unknown ids become per-input errors.
 * A repeated (contact, state, interactionDateTime) is reported as a success and changes nothing.
 */
export function recordByContactIds(
  recording: RecordingRequest<{
    vid: number;
    interactionDateTime: number;
    properties?: AttendanceProperties | undefined;
  }>,
): AttendanceOutcome {
  const { ctx, request, auth, state, event, subscriberState, inputs } = recording;
  const contacts = ctx.contacts(auth.portalId);
  const outcome: AttendanceOutcome = { results: [], errors: [] };

  for (const input of inputs) {
    const contactId = String(input.vid);
    if (ctx.isForcedInputFailure(request, contactId)) {
      outcome.errors.push(forcedItemError(contactId, { vids: [contactId] }));
      continue;
    }
    if (!contacts.has(contactId)) {
      outcome.errors.push(
        batchItemError('OBJECT_NOT_FOUND', `Contact ${contactId} does not exist.`, { vids: [contactId] }),
      );
      continue;
    }
    const change = stateChange(subscriberState, input.interactionDateTime, input.properties, ctx.clock.now());
    state.attendance.record(event.objectId, contactId, change);
    outcome.results.push({ vid: input.vid });
  }
  return outcome;
}

/**
 * Records a state change for each email, creating missing contacts with `contactProperties`
 * (existing contacts keep their values). Invalid emails and contact properties become
 * per-input errors.
 */
export function recordByEmails(
  recording: RecordingRequest<{
    email: string;
    interactionDateTime: number;
    properties?: AttendanceProperties | undefined;
    contactProperties?: Record<string, string> | undefined;
  }>,
): AttendanceOutcome {
  const { ctx, request, auth, state, event, subscriberState, inputs } = recording;
  const contacts = ctx.contacts(auth.portalId);
  const outcome: AttendanceOutcome = { results: [], errors: [] };

  for (const input of inputs) {
    const email = input.email.trim().toLowerCase();
    if (ctx.isForcedInputFailure(request, email)) {
      outcome.errors.push(forcedItemError(email, { emails: [input.email] }));
      continue;
    }
    if (!isValidEmail(email)) {
      const message = `Email address ${input.email} is invalid`;
      outcome.errors.push({
        ...batchItemError('VALIDATION_ERROR', message, { emails: [input.email] }),
        errors: [{ message, code: 'INVALID_EMAIL', context: { email: [input.email] } }],
      });
      continue;
    }

    let contact = contacts.findByEmail(email);
    if (contact === undefined) {
      try {
        contact = contacts.createFromEmail(email, input.contactProperties ?? {});
      } catch (error) {
        if (!(error instanceof HubSpotHttpError)) throw error;
        outcome.errors.push(toBatchItemError(error, { emails: [input.email] }));
        continue;
      }
    }

    const change = stateChange(subscriberState, input.interactionDateTime, input.properties, ctx.clock.now());
    state.attendance.record(event.objectId, contact.id, change);
    outcome.results.push({ vid: Number(contact.id), email: contact.properties['email'] ?? email });
  }
  return outcome;
}
