import { z } from 'zod';
import type { RouteModule } from '../context.js';
import { validationError } from '../http/hubspot-errors.js';
import { parseBody, queryInteger, queryString } from '../http/params.js';
import { countAttendance } from '../state/marketing-events-attendance.js';
import type { PortalMarketingEvents } from '../state/marketing-events-portal.js';
import type { MarketingEventRecord } from '../state/marketing-events.js';
import {
  MARKETING_EVENTS_BASE,
  READ_SCOPES,
  WRITE_SCOPES,
  authorizeMarketingEvents,
  eventCreateSchema,
  eventFieldsSchema,
  findEventByObjectId,
  findOwnEvent,
  isoDateTime,
  pageAfter,
  pagingOf,
  requireExternalAccountId,
} from './marketing-events-shared.js';
import {
  defaultResponse,
  publicDefaultResponse,
  publicDefaultResponseV2,
  publicReadResponse,
  publicReadResponseV2,
} from './marketing-events-responses.js';

type ExternalIdParams = { Params: { externalEventId: string } };
type ObjectIdParams = { Params: { objectId: string } };

const completeSchema = z.looseObject({ startDateTime: isoDateTime, endDateTime: isoDateTime });

function counters(state: PortalMarketingEvents, record: MarketingEventRecord, now: number) {
  return countAttendance(state.attendance.ofEvent(record.objectId), record, now);
}

/**
 * Marketing events v3: create, upsert, read, update and delete by external ids (only for the
 * app that created the event) and by objectId (any app), list all, cancel and complete.
 */
export const marketingEventRoutes: RouteModule = (app, ctx) => {
  app.post(`${MARKETING_EVENTS_BASE}/events`, async (request, reply) => {
    const { auth, state } = authorizeMarketingEvents(ctx, request, WRITE_SCOPES);
    const input = parseBody(eventCreateSchema, request.body);
    const record = state.events.create(auth.appId, input, ctx.clock.now());
    return reply.code(200).send(defaultResponse(record));
  });

  app.put<ExternalIdParams>(`${MARKETING_EVENTS_BASE}/events/:externalEventId`, async (request, reply) => {
    const { auth, state } = authorizeMarketingEvents(ctx, request, WRITE_SCOPES);
    const input = parseBody(eventCreateSchema, request.body);
    if (input.externalEventId !== request.params.externalEventId) {
      throw validationError(
        `externalEventId "${input.externalEventId}" in the body does not match "${request.params.externalEventId}" in the path.`,
        { context: { externalEventId: [input.externalEventId, request.params.externalEventId] } },
      );
    }
    const { record } = state.events.upsert(auth.appId, input, ctx.clock.now());
    return reply.code(200).send(publicDefaultResponse(record));
  });

  app.get<ExternalIdParams>(`${MARKETING_EVENTS_BASE}/events/:externalEventId`, async (request, reply) => {
    const { auth, state } = authorizeMarketingEvents(ctx, request, READ_SCOPES);
    const record = findOwnEvent(
      state,
      auth,
      requireExternalAccountId(request),
      request.params.externalEventId,
    );
    return reply.code(200).send(publicReadResponse(record, counters(state, record, ctx.clock.now())));
  });

  app.patch<ExternalIdParams>(`${MARKETING_EVENTS_BASE}/events/:externalEventId`, async (request, reply) => {
    const { auth, state } = authorizeMarketingEvents(ctx, request, WRITE_SCOPES);
    const record = findOwnEvent(
      state,
      auth,
      requireExternalAccountId(request),
      request.params.externalEventId,
    );
    const patch = parseBody(eventFieldsSchema, request.body ?? {});
    state.events.update(record, patch, ctx.clock.now());
    return reply.code(200).send(publicDefaultResponse(record));
  });

  app.delete<ExternalIdParams>(`${MARKETING_EVENTS_BASE}/events/:externalEventId`, async (request, reply) => {
    const { auth, state } = authorizeMarketingEvents(ctx, request, WRITE_SCOPES);
    const record = findOwnEvent(
      state,
      auth,
      requireExternalAccountId(request),
      request.params.externalEventId,
    );
    state.events.delete(record.objectId);
    state.attendance.deleteEvent(record.objectId);
    return reply.code(204).send();
  });

  app.post<ExternalIdParams>(
    `${MARKETING_EVENTS_BASE}/events/:externalEventId/cancel`,
    async (request, reply) => {
      const { auth, state } = authorizeMarketingEvents(ctx, request, WRITE_SCOPES);
      const record = findOwnEvent(
        state,
        auth,
        requireExternalAccountId(request),
        request.params.externalEventId,
      );
      state.events.update(record, { eventCancelled: true }, ctx.clock.now());
      return reply.code(200).send(defaultResponse(record));
    },
  );

  app.post<ExternalIdParams>(
    `${MARKETING_EVENTS_BASE}/events/:externalEventId/complete`,
    async (request, reply) => {
      const { auth, state } = authorizeMarketingEvents(ctx, request, WRITE_SCOPES);
      const record = findOwnEvent(
        state,
        auth,
        requireExternalAccountId(request),
        request.params.externalEventId,
      );
      const dates = parseBody(completeSchema, request.body);
      state.events.update(record, { ...dates, eventCompleted: true }, ctx.clock.now());
      return reply.code(200).send(defaultResponse(record));
    },
  );

  // SDK 14 calls the list with a trailing slash; the server treats `/x` and `/x/` alike.
  app.get(`${MARKETING_EVENTS_BASE}/`, async (request, reply) => {
    const { state } = authorizeMarketingEvents(ctx, request, READ_SCOPES);
    const limit = queryInteger(request, 'limit', { defaultValue: 10, min: 1, max: 100 });
    const after = queryString(request, 'after');
    const now = ctx.clock.now();

    const { page, nextAfter } = pageAfter({
      items: state.events.list(),
      idOf: (record) => record.objectId,
      kind: 'marketing-events',
      after,
      limit,
    });
    return reply.code(200).send({
      results: page.map((record) => publicReadResponseV2(record, counters(state, record, now), now)),
      ...pagingOf(`${MARKETING_EVENTS_BASE}/`, limit, nextAfter),
    });
  });

  app.get<ObjectIdParams>(`${MARKETING_EVENTS_BASE}/:objectId`, async (request, reply) => {
    const { state } = authorizeMarketingEvents(ctx, request, READ_SCOPES);
    const record = findEventByObjectId(state, request.params.objectId);
    const now = ctx.clock.now();
    return reply.code(200).send(publicReadResponseV2(record, counters(state, record, now), now));
  });

  app.patch<ObjectIdParams>(`${MARKETING_EVENTS_BASE}/:objectId`, async (request, reply) => {
    const { state } = authorizeMarketingEvents(ctx, request, WRITE_SCOPES);
    const record = findEventByObjectId(state, request.params.objectId);
    const patch = parseBody(eventFieldsSchema, request.body ?? {});
    state.events.update(record, patch, ctx.clock.now());
    return reply.code(200).send(publicDefaultResponseV2(record));
  });

  app.delete<ObjectIdParams>(`${MARKETING_EVENTS_BASE}/:objectId`, async (request, reply) => {
    const { state } = authorizeMarketingEvents(ctx, request, WRITE_SCOPES);
    const record = findEventByObjectId(state, request.params.objectId);
    state.events.delete(record.objectId);
    state.attendance.deleteEvent(record.objectId);
    return reply.code(204).send();
  });
};
