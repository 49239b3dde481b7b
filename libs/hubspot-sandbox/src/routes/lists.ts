import { z } from 'zod';
import type { RouteModule } from '../context.js';
import { notFound, validationError } from '../http/hubspot-errors.js';
import { parseBody, queryBoolean, queryList } from '../http/params.js';
import { PROCESSING_TYPES, type ListRecord } from '../state/lists.js';
import { listJson, listSearchJson } from './list-json.js';

export const LISTS_READ = { anyOf: ['crm.lists.read'] } as const;
export const LISTS_WRITE = { anyOf: ['crm.lists.write'] } as const;

const searchBody = z
  .object({
    query: z.string().optional(),
    processingTypes: z.array(z.enum(PROCESSING_TYPES)).optional(),
    listIds: z.array(z.string()).optional(),
    offset: z.number().int().min(0).default(0),
    count: z.number().int().min(1).max(500, 'count must be at most 500').default(20),
    additionalProperties: z.array(z.string()).optional(),
    sort: z.string().optional(),
    objectTypeId: z.string().optional(),
  })
  .loose();

const createBody = z
  .object({
    name: z.string().min(1),
    objectTypeId: z.string().min(1),
    processingType: z.enum(PROCESSING_TYPES),
    listFolderId: z.number().int().optional(),
  })
  .loose();

const SORT_KEYS: Record<string, (list: ListRecord) => number | string> = {
  listId: (list) => Number(list.listId),
  name: (list) => list.name.toLowerCase(),
  createdAt: (list) => list.createdAt,
  updatedAt: (list) => list.updatedAt,
  hs_list_size: (list) => list.members.size,
};

/** `sort` is a field name with an optional `-` for descending; list id ascending by default. */
function sortLists(lists: ListRecord[], sort: string | undefined): ListRecord[] {
  const descending = sort?.startsWith('-') ?? false;
  const key = SORT_KEYS[(sort ?? 'listId').replace(/^-/, '')] ?? SORT_KEYS['listId'];
  const keyOf = key as (list: ListRecord) => number | string;
  return [...lists].sort((a, b) => {
    const left = keyOf(a);
    const right = keyOf(b);
    let order = 0;
    if (left < right) order = -1;
    else if (left > right) order = 1;
    return descending ? -order : order;
  });
}

/** Lists v3: search, read one or many, read by name, create and delete. */
export const listRoutes: RouteModule = (app, ctx) => {
  const findList = (portalId: number, listId: string): ListRecord => {
    const list = ctx.portal(portalId).lists.get(listId);
    if (list === undefined) throw notFound(`List ${listId} does not exist.`);
    return list;
  };

  app.post('/crm/v3/lists/search', async (request) => {
    const { portalId } = ctx.requireAuth(request, LISTS_READ);
    const body = parseBody(searchBody, request.body ?? {});
    const query = body.query?.toLowerCase() ?? '';
    const matching = ctx
      .portal(portalId)
      .lists.all()
      .filter(
        (list) =>
          list.name.toLowerCase().includes(query) &&
          (body.processingTypes === undefined ||
            body.processingTypes.length === 0 ||
            body.processingTypes.includes(list.processingType)) &&
          (body.listIds === undefined || body.listIds.length === 0 || body.listIds.includes(list.listId)) &&
          (body.objectTypeId === undefined || body.objectTypeId === list.objectTypeId),
      );
    const page = sortLists(matching, body.sort).slice(body.offset, body.offset + body.count);
    return {
      lists: page.map((list) => listSearchJson(list, body.additionalProperties ?? [])),
      offset: body.offset + page.length,
      hasMore: body.offset + page.length < matching.length,
      total: matching.length,
    };
  });

  app.get('/crm/v3/lists', async (request) => {
    const { portalId } = ctx.requireAuth(request, LISTS_READ);
    const includeFilters = queryBoolean(request, 'includeFilters', false);
    const lists = ctx.portal(portalId).lists;
    const found = queryList(request, 'listIds')
      .map((listId) => lists.get(listId))
      .filter((list): list is ListRecord => list !== undefined);
    return { lists: found.map((list) => listJson(list, includeFilters)) };
  });

  app.get('/crm/v3/lists/:listId', async (request) => {
    const { portalId } = ctx.requireAuth(request, LISTS_READ);
    const { listId } = request.params as { listId: string };
    return { list: listJson(findList(portalId, listId), queryBoolean(request, 'includeFilters', false)) };
  });

  app.get('/crm/v3/lists/object-type-id/:objectTypeId/name/:listName', async (request) => {
    const { portalId } = ctx.requireAuth(request, LISTS_READ);
    const { objectTypeId, listName } = request.params as { objectTypeId: string; listName: string };
    const list = ctx.portal(portalId).lists.byName(objectTypeId, listName);
    if (list === undefined)
      throw notFound(`List "${listName}" of object type ${objectTypeId} does not exist.`);
    return { list: listJson(list, queryBoolean(request, 'includeFilters', false)) };
  });

  app.post('/crm/v3/lists', async (request) => {
    const { portalId, userId } = ctx.requireAuth(request, LISTS_WRITE);
    const body = parseBody(createBody, request.body);
    const lists = ctx.portal(portalId).lists;
    // NOTE: HubSpot rejects duplicate list names; the exact status and body are not documented.
    if (lists.byName(body.objectTypeId, body.name) !== undefined) {
      throw validationError(`A list named "${body.name}" already exists; list names must be unique.`);
    }
    const list = lists.create(
      {
        listId: ctx.nextId(portalId, 'lists'),
        legacyListId: ctx.nextId(portalId, 'legacy-lists'),
        name: body.name,
        processingType: body.processingType,
        objectTypeId: body.objectTypeId,
        createdById: userId,
      },
      ctx.clock.now(),
    );
    return { list: listJson(list, false) };
  });

  app.delete('/crm/v3/lists/:listId', async (request, reply) => {
    const { portalId } = ctx.requireAuth(request, LISTS_WRITE);
    const { listId } = request.params as { listId: string };
    findList(portalId, listId);
    ctx.portal(portalId).lists.delete(listId);
    return reply.code(204).send();
  });
};
