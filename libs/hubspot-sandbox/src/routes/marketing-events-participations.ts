import type { FastifyRequest } from 'fastify';
import type { RouteModule, SandboxContext } from '../context.js';
import { validationError } from '../http/hubspot-errors.js';
import { queryInteger, queryString } from '../http/params.js';
import type { MarketingEventRecord } from '../state/marketing-events.js';
import type { PortalMarketingEvents } from '../state/marketing-events-portal.js';
import {
  attendanceDuration,
  countAttendance,
  currentChange,
  currentState,
  type Participation,
  type ParticipationState,
} from '../state/marketing-events-attendance.js';
import {
  MARKETING_EVENTS_BASE,
  READ_SCOPES,
  authorizeMarketingEvents,
  findEventByObjectId,
  findOwnEvent,
  pageAfter,
  pagingOf,
} from './marketing-events-shared.js';

const BREAKDOWN_STATES: readonly ParticipationState[] = ['REGISTERED', 'CANCELLED', 'ATTENDED', 'NO_SHOW'];
const PARTICIPATIONS = `${MARKETING_EVENTS_BASE}/participations`;

type ExternalParams = { Params: { externalAccountId: string; externalEventId: string } };
type ObjectParams = { Params: { marketingEventId: string } };

/** Query filters of the breakdown endpoints, validated. */
interface BreakdownQuery {
  contactIdentifier?: string;
  state?: ParticipationState;
  limit: number;
  after?: string;
}

function parseBreakdownQuery(request: FastifyRequest): BreakdownQuery {
  const rawState = queryString(request, 'state');
  const state =
    rawState === undefined ? undefined : BREAKDOWN_STATES.find((item) => item === rawState.toUpperCase());
  if (rawState !== undefined && state === undefined) {
    throw validationError(`state=${rawState} is invalid. Use one of: ${BREAKDOWN_STATES.join(', ')}.`, {
      context: { state: [rawState], allowedValues: [...BREAKDOWN_STATES] },
    });
  }
  const contactIdentifier = queryString(request, 'contactIdentifier');
  const after = queryString(request, 'after');
  return {
    limit: queryInteger(request, 'limit', { defaultValue: 10, min: 1, max: 100 }),
    ...(state === undefined ? {} : { state }),
    ...(contactIdentifier === undefined || contactIdentifier === '' ? {} : { contactIdentifier }),
    ...(after === undefined || after === '' ? {} : { after }),
  };
}

/** Resolves a contact id or email to a contact id. Returns undefined when no contact matches. */
function resolveContactId(ctx: SandboxContext, portalId: number, identifier: string): string | undefined {
  const contacts = ctx.contacts(portalId);
  if (/^\d+$/.test(identifier)) return contacts.has(identifier) ? identifier : undefined;
  return contacts.findByEmail(identifier)?.id;
}

/** Builds one `ParticipationBreakdown` item. */
function breakdownItem(
  ctx: SandboxContext,
  portalId: number,
  participation: Participation,
  event: MarketingEventRecord,
  now: number,
): Record<string, unknown> {
  const contact = ctx.contacts(portalId).get(participation.contactId);
  const contactProperties = contact?.properties ?? {};
  return {
    id: participation.id,
    createdAt: new Date(participation.createdAt).toISOString(),
    properties: {
      occurredAt: currentChange(participation).interactionDateTime,
      attendanceState: currentState(participation, event, now),
      ...attendanceDuration(participation, event),
    },
    associations: {
      marketingEvent: {
        marketingEventId: event.objectId,
        externalEventId: event.externalEventId,
        externalAccountId: event.externalAccountId,
        name: event.eventName,
      },
      contact: {
        contactId: participation.contactId,
        email: contactProperties['email'] ?? '',
        ...(contactProperties['firstname'] === undefined
          ? {}
          : { firstname: contactProperties['firstname'] }),
        ...(contactProperties['lastname'] === undefined ? {} : { lastname: contactProperties['lastname'] }),
      },
    },
  };
}

/** Filters, pages and serializes participations. `path` is the endpoint path for `paging.next.link`. */
function breakdownResponse(options: {
  ctx: SandboxContext;
  portalId: number;
  state: PortalMarketingEvents;
  participations: readonly Participation[];
  query: BreakdownQuery;
  path: string;
}): Record<string, unknown> {
  const { ctx, portalId, state, query } = options;
  const now = ctx.clock.now();
  const eventOf = (participation: Participation) => state.events.get(participation.objectId);

  let matching = options.participations.filter((participation) => eventOf(participation) !== undefined);
  if (query.contactIdentifier !== undefined) {
    const contactId = resolveContactId(ctx, portalId, query.contactIdentifier);
    matching = matching.filter((participation) => participation.contactId === contactId);
  }
  if (query.state !== undefined) {
    matching = matching.filter(
      (participation) =>
        currentState(participation, eventOf(participation) as MarketingEventRecord, now) === query.state,
    );
  }

  const { page, nextAfter } = pageAfter({
    items: matching,
    idOf: (participation) => participation.id,
    kind: 'participations',
    after: query.after,
    limit: query.limit,
  });
  return {
    total: matching.length,
    results: page.map((participation) =>
      breakdownItem(ctx, portalId, participation, eventOf(participation) as MarketingEventRecord, now),
    ),
    ...pagingOf(options.path, query.limit, nextAfter),
  };
}

/**
 * Participation read-back: counters and breakdown by external ids (caller's events only) or by
 * objectId (any app's events), and the breakdown of one contact across all events.
 */
export const marketingEventParticipationRoutes: RouteModule = (app, ctx) => {
  app.get<ExternalParams>(`${PARTICIPATIONS}/:externalAccountId/:externalEventId`, async (request, reply) => {
    const { auth, state } = authorizeMarketingEvents(ctx, request, READ_SCOPES);
    const event = findOwnEvent(state, auth, request.params.externalAccountId, request.params.externalEventId);
    return reply
      .code(200)
      .send(countAttendance(state.attendance.ofEvent(event.objectId), event, ctx.clock.now()));
  });

  app.get<ObjectParams>(`${PARTICIPATIONS}/:marketingEventId`, async (request, reply) => {
    const { state } = authorizeMarketingEvents(ctx, request, READ_SCOPES);
    const event = findEventByObjectId(state, request.params.marketingEventId);
    return reply
      .code(200)
      .send(countAttendance(state.attendance.ofEvent(event.objectId), event, ctx.clock.now()));
  });

  app.get<ExternalParams>(
    `${PARTICIPATIONS}/:externalAccountId/:externalEventId/breakdown`,
    async (request, reply) => {
      const { auth, state } = authorizeMarketingEvents(ctx, request, READ_SCOPES);
      const query = parseBreakdownQuery(request);
      const { externalAccountId, externalEventId } = request.params;
      const event = findOwnEvent(state, auth, externalAccountId, externalEventId);
      const path = `${PARTICIPATIONS}/${encodeURIComponent(externalAccountId)}/${encodeURIComponent(externalEventId)}/breakdown`;
      const participations = state.attendance.ofEvent(event.objectId);
      return reply
        .code(200)
        .send(breakdownResponse({ ctx, portalId: auth.portalId, state, participations, query, path }));
    },
  );

  app.get<ObjectParams>(`${PARTICIPATIONS}/:marketingEventId/breakdown`, async (request, reply) => {
    const { auth, state } = authorizeMarketingEvents(ctx, request, READ_SCOPES);
    const query = parseBreakdownQuery(request);
    const event = findEventByObjectId(state, request.params.marketingEventId);
    const path = `${PARTICIPATIONS}/${event.objectId}/breakdown`;
    const participations = state.attendance.ofEvent(event.objectId);
    return reply
      .code(200)
      .send(breakdownResponse({ ctx, portalId: auth.portalId, state, participations, query, path }));
  });

  app.get<{ Params: { contactIdentifier: string } }>(
    `${PARTICIPATIONS}/contacts/:contactIdentifier/breakdown`,
    async (request, reply) => {
      const { auth, state } = authorizeMarketingEvents(ctx, request, READ_SCOPES);
      const query = parseBreakdownQuery(request);
      const contactId = resolveContactId(ctx, auth.portalId, request.params.contactIdentifier);
      const participations = contactId === undefined ? [] : state.attendance.ofContact(contactId);
      const path = `${PARTICIPATIONS}/contacts/${encodeURIComponent(request.params.contactIdentifier)}/breakdown`;
      return reply
        .code(200)
        .send(breakdownResponse({ ctx, portalId: auth.portalId, state, participations, query, path }));
    },
  );
};
