import type {
  ApiCollectionResponseJoinTimeAndRecordId,
  ListFetchResponse,
  ListSearchResponse,
} from '@hubspot/api-client/lib/codegen/crm/lists/index.js';

import type { CallOptions, HubSpotConnection } from '../connection.js';

export interface ListSearch {
  /** Substring of the list name; empty finds every list. */
  query?: string | undefined;
  /** Offset paging: pass back the `offset` of the previous page while `hasMore`. */
  offset?: number | undefined;
  /** Lists per page, at most 500 (HubSpot's default 20). */
  count?: number | undefined;
  processingTypes?: Array<'MANUAL' | 'DYNAMIC' | 'SNAPSHOT'> | undefined;
}

/**
 * Searches lists (`POST /crm/v3/lists/search`). SDK 14 drops an `objectTypeId` filter, so callers
 * filter contact lists by `objectTypeId === '0-1'` in the results.
 */
export async function searchLists(
  connection: HubSpotConnection,
  search: ListSearch,
  options?: CallOptions,
): Promise<ListSearchResponse> {
  const { data } = await connection.call(
    { operation: 'lists.search', idempotent: true },
    (client) =>
      client.crm.lists.listsApi.doSearch({
        query: search.query ?? '',
        offset: search.offset ?? 0,
        count: search.count ?? 20,
        processingTypes: search.processingTypes,
      }),
    options,
  );
  return data;
}

/** Reads one list by its ILS list id (`GET /crm/v3/lists/{listId}`); HUBSPOT_NOT_FOUND when absent. */
export async function getList(
  connection: HubSpotConnection,
  listId: string,
  options?: CallOptions,
): Promise<ListFetchResponse> {
  const { data } = await connection.call(
    { operation: 'lists.get', idempotent: true },
    (client) => client.crm.lists.listsApi.getById(listId, false),
    options,
  );
  return data;
}

export interface MembershipPageRequest {
  listId: string;
  /** Cursor from the previous page's `paging.next.after`. */
  after?: string | undefined;
  /** Records per page, at most 250 (HubSpot's default 100). */
  limit?: number | undefined;
}

/** Reads one page of a list's members, ordered by record id (`GET /crm/v3/lists/{listId}/memberships`). */
export async function getListMembershipsPage(
  connection: HubSpotConnection,
  request: MembershipPageRequest,
  options?: CallOptions,
): Promise<ApiCollectionResponseJoinTimeAndRecordId> {
  const { data } = await connection.call(
    { operation: 'lists.memberships.page', idempotent: true },
    (client) =>
      client.crm.lists.membershipsApi.getPage(request.listId, request.after, undefined, request.limit ?? 100),
    options,
  );
  return data;
}
