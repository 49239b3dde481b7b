import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RouteModule, SandboxContext } from '../context.js';
import { decodeCursor, encodeCursor, firstIndexAbove, firstIndexAtLeast } from '../http/cursors.js';
import { notFound, validationError } from '../http/hubspot-errors.js';
import { parseBody, queryInteger, queryString } from '../http/params.js';
import type { ListRecord, ListStore } from '../state/lists.js';
import { LISTS_READ, LISTS_WRITE } from './lists.js';

const recordIds = z.array(
  z.union([z.string().regex(/^\d+$/, 'record ids are numeric strings'), z.number().int().positive()]),
);
const addAndRemoveBody = z.object({
  recordIdsToAdd: recordIds.default([]),
  recordIdsToRemove: recordIds.default([]),
});

interface MembershipPage {
  ids: number[];
  after?: string;
  before?: string;
}

/**
 * Pages members in ascending record id order. With only `before`, the page contains the ids below
 * it in descending order.
 */
function pageByRecordId(
  sorted: readonly number[],
  limit: number,
  after?: string,
  before?: string,
): MembershipPage {
  if (after === undefined && before !== undefined) {
    const end = firstIndexAtLeast(sorted, decodeCursor('r', before, 'before'));
    const start = Math.max(0, end - limit);
    const ids = sorted.slice(start, end).reverse();
    return {
      ids,
      after: end < sorted.length && ids.length > 0 ? encodeCursor('r', ids[0] as number) : undefined,
      before: start > 0 ? encodeCursor('r', ids[ids.length - 1] as number) : undefined,
    };
  }
  const start = after === undefined ? 0 : firstIndexAbove(sorted, decodeCursor('r', after, 'after'));
  const ids = sorted.slice(start, start + limit);
  return {
    ids,
    after:
      start + limit < sorted.length && ids.length > 0
        ? encodeCursor('r', ids[ids.length - 1] as number)
        : undefined,
    before: start > 0 && ids.length > 0 ? encodeCursor('r', ids[0] as number) : undefined,
  };
}

/** Pages members in join order; cursors carry the join sequence number. */
function pageByJoinOrder(
  list: ListRecord,
  joinOrder: readonly number[],
  limit: number,
  after?: string,
): MembershipPage {
  const sequences = joinOrder.map((id) => list.members.get(id)?.sequence ?? 0);
  const start = after === undefined ? 0 : firstIndexAbove(sequences, decodeCursor('j', after, 'after'));
  const ids = joinOrder.slice(start, start + limit);
  const lastSequence = sequences[start + ids.length - 1];
  return {
    ids,
    after:
      start + limit < joinOrder.length && lastSequence !== undefined
        ? encodeCursor('j', lastSequence)
        : undefined,
  };
}

function membershipResponse(list: ListRecord, page: MembershipPage): Record<string, unknown> {
  const paging: Record<string, unknown> = {};
  if (page.after !== undefined) paging['next'] = { after: page.after };
  if (page.before !== undefined) paging['prev'] = { before: page.before };
  return {
    results: page.ids.map((id) => ({
      recordId: String(id),
      membershipTimestamp: new Date(list.members.get(id)?.joinedAt ?? 0).toISOString(),
    })),
    ...(Object.keys(paging).length > 0 ? { paging } : {}),
    total: list.members.size,
  };
}

/** Lists v3 memberships: paged reads in record id and join order, and manual changes. */
export const listMembershipRoutes: RouteModule = (app, ctx) => {
  const findList = (ctxPortal: number, request: FastifyRequest): { list: ListRecord; lists: ListStore } => {
    const { listId } = request.params as { listId: string };
    const lists = ctx.portal(ctxPortal).lists;
    const list = lists.get(listId);
    if (list === undefined) throw notFound(`List ${listId} does not exist.`);
    return { list, lists };
  };

  const pageLimit = (request: FastifyRequest): number =>
    queryInteger(request, 'limit', { defaultValue: 100, min: 1, max: 250 });

  app.get('/crm/v3/lists/:listId/memberships', async (request) => {
    const { portalId } = ctx.requireAuth(request, LISTS_READ);
    const { list, lists } = findList(portalId, request);
    const page = pageByRecordId(
      lists.sortedMembers(list),
      pageLimit(request),
      queryString(request, 'after'),
      queryString(request, 'before'),
    );
    return membershipResponse(list, page);
  });

  app.get('/crm/v3/lists/:listId/memberships/join-order', async (request) => {
    const { portalId } = ctx.requireAuth(request, LISTS_READ);
    const { list, lists } = findList(portalId, request);
    return membershipResponse(
      list,
      pageByJoinOrder(list, lists.joinOrder(list), pageLimit(request), queryString(request, 'after')),
    );
  });

  const change = (
    request: FastifyRequest,
    toAdd: Array<string | number>,
    toRemove: Array<string | number>,
  ) => {
    const { portalId } = ctx.requireAuth(request, LISTS_WRITE);
    const { list, lists } = findList(portalId, request);
    requireManualChanges(list);
    return applyChange(ctx, portalId, lists, list, toAdd.map(Number), toRemove.map(Number));
  };

  app.put('/crm/v3/lists/:listId/memberships/add', async (request) =>
    change(request, parseBody(recordIds, request.body), []),
  );
  app.put('/crm/v3/lists/:listId/memberships/remove', async (request) =>
    change(request, [], parseBody(recordIds, request.body)),
  );
  app.put('/crm/v3/lists/:listId/memberships/add-and-remove', async (request) => {
    const body = parseBody(addAndRemoveBody, request.body);
    return change(request, body.recordIdsToAdd, body.recordIdsToRemove);
  });

  app.put('/crm/v3/lists/:listId/memberships/add-from/:sourceListId', async (request, reply) => {
    const { portalId } = ctx.requireAuth(request, LISTS_WRITE);
    const { list, lists } = findList(portalId, request);
    const { sourceListId } = request.params as { sourceListId: string };
    const source = lists.get(sourceListId);
    if (source === undefined) throw notFound(`List ${sourceListId} does not exist.`);
    requireManualChanges(list);
    lists.addMembers(list, lists.joinOrder(source), ctx.clock.now());
    return reply.code(204).send();
  });

  app.delete('/crm/v3/lists/:listId/memberships', async (request, reply) => {
    const { portalId } = ctx.requireAuth(request, LISTS_WRITE);
    const { list, lists } = findList(portalId, request);
    requireManualChanges(list);
    lists.removeMembers(list, [...list.members.keys()], ctx.clock.now());
    return reply.code(204).send();
  });
};

/** Only MANUAL and SNAPSHOT lists accept membership changes through the API. */
function requireManualChanges(list: ListRecord): void {
  if (list.processingType === 'DYNAMIC') {
    // NOTE: HubSpot documents the rule but not the error body; this message is the sandbox's.
    throw validationError(
      `List ${list.listId} is a DYNAMIC list; memberships can only be changed on MANUAL or SNAPSHOT lists.`,
    );
  }
}

/**
 * Adds and removes members. Ids that are neither contacts nor members are reported as missing;
 * members whose contact was deleted can still be removed.
 */
function applyChange(
  ctx: SandboxContext,
  portalId: number,
  lists: ListStore,
  list: ListRecord,
  toAdd: number[],
  toRemove: number[],
): Record<string, string[]> {
  const contacts = ctx.contacts(portalId);
  const now = ctx.clock.now();
  const missing: string[] = [];
  const existing = toAdd.filter((id) => {
    if (contacts.has(String(id))) return true;
    missing.push(String(id));
    return false;
  });
  const removable = toRemove.filter((id) => {
    if (list.members.has(id) || contacts.has(String(id))) return true;
    missing.push(String(id));
    return false;
  });
  const removed = lists.removeMembers(list, removable, now);
  const added = lists.addMembers(list, existing, now);
  // `recordsIdsAdded` is spelled this way in HubSpot's API.
  return { recordIdsRemoved: removed, recordsIdsAdded: added, recordIdsMissing: missing };
}
