import type { RouteModule } from '../context.js';
import { validationError } from '../http/hubspot-errors.js';
import { queryString } from '../http/params.js';
import { MARKETING_EVENTS_BASE, READ_SCOPES, authorizeMarketingEvents } from './marketing-events-shared.js';
import { appInfo } from './marketing-events-responses.js';

/**
 * Lookups of events by external event id. `events/search` lists the caller's own events at
 * once. `{externalEventId}/identifiers` lists every app's events, but only once they are older
 * than `identifiersDelayMs`, because HubSpot indexes them a few minutes after creation.
 */
export const marketingEventSearchRoutes: RouteModule = (app, ctx) => {
  app.get(`${MARKETING_EVENTS_BASE}/events/search`, async (request, reply) => {
    const { auth, state } = authorizeMarketingEvents(ctx, request, READ_SCOPES);
    const query = queryString(request, 'q');
    if (query === undefined || query === '') {
      throw validationError('Missing required query parameter q. Pass the externalEventId to look up.', {
        context: { q: [] },
      });
    }

    const results = state.events.search(auth.appId, query).map((record) => ({
      externalAccountId: record.externalAccountId,
      externalEventId: record.externalEventId,
      appId: record.appId,
      objectId: record.objectId,
    }));
    return reply.code(200).send({ results });
  });

  app.get<{ Params: { externalEventId: string } }>(
    `${MARKETING_EVENTS_BASE}/:externalEventId/identifiers`,
    async (request, reply) => {
      const { state } = authorizeMarketingEvents(ctx, request, READ_SCOPES);
      const createdUpTo = ctx.clock.now() - state.options.identifiersDelayMs;

      const results = state.events.identifiers(request.params.externalEventId, createdUpTo).map((record) => ({
        objectId: record.objectId,
        externalEventId: record.externalEventId,
        externalAccountId: record.externalAccountId,
        marketingEventName: record.eventName,
        appInfo: appInfo(record),
      }));
      return reply.code(200).send({ total: results.length, results });
    },
  );
};
