import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuthContext, SandboxContext } from '../context.js';
import { batchTooLarge, notFound, validationError } from '../http/hubspot-errors.js';
import { decodeCursor, encodeCursor } from '../http/cursors.js';
import { queryString } from '../http/params.js';
import type { MarketingEventRecord } from '../state/marketing-events.js';
import { portalMarketingEvents, type PortalMarketingEvents } from '../state/marketing-events-portal.js';

export const MARKETING_EVENTS_BASE = '/marketing/v3/marketing-events';
export const READ_SCOPES = { anyOf: ['crm.objects.marketing_events.read'] } as const;
export const WRITE_SCOPES = { anyOf: ['crm.objects.marketing_events.write'] } as const;

/** An ISO-8601 date-time with `Z` or an offset, converted to epoch milliseconds. */
export const isoDateTime = z.iso
  .datetime({ offset: true, message: 'expected an ISO-8601 date-time such as 2026-05-22T13:38:16.500Z' })
  .transform((value) => Date.parse(value));

/**
 * A `customProperties` item. HubSpot's `PropertyValue` has about twenty fields, but only `name`
 * and `value` matter. The others are accepted and ignored.
 */
const customPropertySchema = z.looseObject({
  name: z.string().min(1),
  value: z.union([z.string(), z.number(), z.boolean()]).transform(String),
});

const requiredText = z.string().min(1, 'must not be empty');

/** Event fields shared by create, upsert and update bodies, all optional. */
export const eventFieldsSchema = z.looseObject({
  eventName: requiredText.optional(),
  eventOrganizer: requiredText.optional(),
  eventType: z.string().optional(),
  startDateTime: isoDateTime.optional(),
  endDateTime: isoDateTime.optional(),
  eventUrl: z.string().optional(),
  eventDescription: z.string().optional(),
  eventCancelled: z.boolean().optional(),
  eventCompleted: z.boolean().optional(),
  customProperties: z.array(customPropertySchema).optional(),
});

/** `MarketingEventCreateRequestParams`: the four ids and names are required. */
export const eventCreateSchema = eventFieldsSchema.extend({
  externalAccountId: requiredText,
  externalEventId: requiredText,
  eventName: requiredText,
  eventOrganizer: requiredText,
});

/** Returns the required `externalAccountId` query parameter. Throws 400 VALIDATION_ERROR naming it when absent. */
export function requireExternalAccountId(request: FastifyRequest): string {
  const externalAccountId = queryString(request, 'externalAccountId');
  if (externalAccountId === undefined || externalAccountId === '') {
    throw validationError(
      'Missing required query parameter externalAccountId. Pass the externalAccountId the event was created with.',
      { context: { externalAccountId: [] } },
    );
  }
  return externalAccountId;
}

/** Finds an event of the calling app by its external ids. Throws 404 when absent or created by another app. */
export function findOwnEvent(
  state: PortalMarketingEvents,
  auth: AuthContext,
  externalAccountId: string,
  externalEventId: string,
): MarketingEventRecord {
  const record = state.events.findByExternalIds(auth.appId, externalAccountId, externalEventId);
  if (record === undefined) {
    throw notFound(
      `No marketing event of this app has externalAccountId "${externalAccountId}" and externalEventId "${externalEventId}".`,
      { externalAccountId: [externalAccountId], externalEventId: [externalEventId] },
    );
  }
  return record;
}

/** Finds an event of any app by objectId. Throws 404 when absent. */
export function findEventByObjectId(state: PortalMarketingEvents, objectId: string): MarketingEventRecord {
  const record = state.events.get(objectId);
  if (record === undefined) {
    throw notFound(`No marketing event has objectId ${objectId}.`, { objectId: [objectId] });
  }
  return record;
}

/** Authorizes the request and returns the caller with its portal's marketing event state. */
export function authorizeMarketingEvents(
  ctx: SandboxContext,
  request: FastifyRequest,
  scopes: typeof READ_SCOPES | typeof WRITE_SCOPES,
): { auth: AuthContext; state: PortalMarketingEvents } {
  const auth = ctx.requireAuth(request, scopes);
  return { auth, state: portalMarketingEvents(ctx, auth.portalId) };
}

/** Throws 400 when a batch has more inputs than the module allows. */
export function checkBatchSize(state: PortalMarketingEvents, count: number): void {
  if (count > state.options.maxBatchInputs) throw batchTooLarge(count, state.options.maxBatchInputs);
}

/**
 * Returns up to `limit` items after the `after` cursor, with the cursor of the next page when
 * more remain. Items must be sorted by ascending numeric id. Cursors are opaque and carry
 * `kind`, so a cursor of another endpoint or a malformed one gets 400.
 */
export function pageAfter<T>(options: {
  items: readonly T[];
  idOf: (item: T) => string;
  kind: string;
  after: string | undefined;
  limit: number;
}): { page: T[]; nextAfter?: string } {
  const { items, idOf, kind, after, limit } = options;
  const afterId = after === undefined ? undefined : decodeCursor(kind, after, 'after');
  const remaining = afterId === undefined ? items : items.filter((item) => Number(idOf(item)) > afterId);
  const page = remaining.slice(0, limit);
  const last = page[page.length - 1];
  if (remaining.length > limit && last !== undefined)
    return { page, nextAfter: encodeCursor(kind, Number(idOf(last))) };
  return { page };
}

/** Builds the `paging` member of a list response, or nothing when this is the last page. */
export function pagingOf(
  path: string,
  limit: number,
  nextAfter: string | undefined,
): Record<string, unknown> {
  if (nextAfter === undefined) return {};
  const separator = path.includes('?') ? '&' : '?';
  return {
    paging: { next: { after: nextAfter, link: `${path}${separator}limit=${limit}&after=${nextAfter}` } },
  };
}
