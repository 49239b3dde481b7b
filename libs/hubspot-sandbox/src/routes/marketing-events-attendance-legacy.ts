import { z } from 'zod';
import type { RouteModule } from '../context.js';
import { parseBody } from '../http/params.js';
import {
  MARKETING_EVENTS_BASE,
  WRITE_SCOPES,
  authorizeMarketingEvents,
  checkBatchSize,
  findOwnEvent,
  requireExternalAccountId,
} from './marketing-events-shared.js';
import { parseSubscriberState } from './marketing-events-attendance.js';

const epochMilliseconds = z.number().int('must be an integer number of epoch milliseconds');
const byContactIdSchema = z.object({
  inputs: z.array(
    z.looseObject({
      vid: z.number().int('must be an integer contact id'),
      interactionDateTime: epochMilliseconds,
    }),
  ),
});
const byEmailSchema = z.object({
  inputs: z.array(z.looseObject({ email: z.string(), interactionDateTime: epochMilliseconds })),
});

/**
 * Registers the older attendance endpoints (`events/{externalEventId}/{subscriberState}/upsert`
 * and `/email-upsert`). They only reach existing contacts, ignore `joinedAt`/`leftAt` and return
 * no body, so the sandbox returns 204. SDK 14's `subscriberStateChangesApi` rejects every
 * response of these endpoints, success included, so callers use the attendance endpoints instead.
 * NOTE: HubSpot documents no success status or per-contact errors here; the sandbox skips
 * unknown contacts silently.
 */
export const marketingEventLegacyAttendanceRoutes: RouteModule = (app, ctx) => {
  const base = `${MARKETING_EVENTS_BASE}/events/:externalEventId/:subscriberState`;

  app.post<{ Params: { externalEventId: string; subscriberState: string } }>(
    `${base}/upsert`,
    async (request, reply) => {
      const { auth, state } = authorizeMarketingEvents(ctx, request, WRITE_SCOPES);
      const subscriberState = parseSubscriberState(request.params.subscriberState);
      const externalAccountId = requireExternalAccountId(request);
      const { inputs } = parseBody(byContactIdSchema, request.body);
      checkBatchSize(state, inputs.length);
      const event = findOwnEvent(state, auth, externalAccountId, request.params.externalEventId);

      const contacts = ctx.contacts(auth.portalId);
      for (const input of inputs) {
        if (!contacts.has(String(input.vid))) continue;
        state.attendance.record(event.objectId, String(input.vid), {
          state: subscriberState,
          interactionDateTime: input.interactionDateTime,
          recordedAt: ctx.clock.now(),
        });
      }
      return reply.code(204).send();
    },
  );

  app.post<{ Params: { externalEventId: string; subscriberState: string } }>(
    `${base}/email-upsert`,
    async (request, reply) => {
      const { auth, state } = authorizeMarketingEvents(ctx, request, WRITE_SCOPES);
      const subscriberState = parseSubscriberState(request.params.subscriberState);
      const externalAccountId = requireExternalAccountId(request);
      const { inputs } = parseBody(byEmailSchema, request.body);
      checkBatchSize(state, inputs.length);
      const event = findOwnEvent(state, auth, externalAccountId, request.params.externalEventId);

      const contacts = ctx.contacts(auth.portalId);
      for (const input of inputs) {
        const contact = contacts.findByEmail(input.email);
        if (contact === undefined) continue;
        state.attendance.record(event.objectId, contact.id, {
          state: subscriberState,
          interactionDateTime: input.interactionDateTime,
          recordedAt: ctx.clock.now(),
        });
      }
      return reply.code(204).send();
    },
  );
};
