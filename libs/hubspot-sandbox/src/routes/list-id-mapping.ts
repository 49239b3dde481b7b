import { z } from 'zod';
import type { RouteModule } from '../context.js';
import { notFound, validationError } from '../http/hubspot-errors.js';
import { parseBody, queryString } from '../http/params.js';
import { LISTS_READ } from './lists.js';

const legacyIds = z
  .array(z.union([z.string().min(1), z.number().int()]))
  .max(10_000, 'at most 10,000 legacy list ids per call');

/**
 * Translation of legacy (v1) list ids to list ids. The v1 lists API itself is gone, so its
 * paths return 404 like any unknown path.
 */
export const listIdMappingRoutes: RouteModule = (app, ctx) => {
  app.get('/crm/v3/lists/idmapping', async (request) => {
    const { portalId } = ctx.requireAuth(request, LISTS_READ);
    const legacyListId = queryString(request, 'legacyListId');
    if (legacyListId === undefined || legacyListId === '') {
      throw validationError('legacyListId is required: pass the v1 list id as ?legacyListId=.');
    }
    const list = ctx.portal(portalId).lists.byLegacyId(legacyListId);
    if (list === undefined) throw notFound(`No list has the legacy list id ${legacyListId}.`);
    return { listId: list.listId, legacyListId: list.legacyListId };
  });

  app.post('/crm/v3/lists/idmapping', async (request) => {
    const { portalId } = ctx.requireAuth(request, LISTS_READ);
    const lists = ctx.portal(portalId).lists;
    const mapping: Array<{ legacyListId: string; listId: string }> = [];
    const missing: string[] = [];
    for (const legacyListId of parseBody(legacyIds, request.body).map(String)) {
      const list = lists.byLegacyId(legacyListId);
      if (list === undefined) missing.push(legacyListId);
      else mapping.push({ legacyListId, listId: list.listId });
    }
    return { legacyListIdsToIdsMapping: mapping, missingLegacyListIds: missing };
  });
};
