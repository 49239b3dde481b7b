import {
  getListMembershipsPage,
  readContactsByIds,
  type HubSpotConnection,
} from '@oniva-hubspot/hubspot-gateway';

import type { ContactRead } from '../run/plan-page.js';

export interface ListPageRequest {
  listId: string;
  /** Cursor of the page (`paging.next.after` of the previous one); absent for the first page. */
  after: string | undefined;
  /** Memberships per page, at most 250. */
  limit: number;
  /** Contact properties to read. */
  properties: readonly string[];
  signal?: AbortSignal | undefined;
}

/** One page of a list: what the batch read returned for each member, and the next page's cursor. */
export interface ListPage {
  reads: ContactRead[];
  /** Cursor of the next page; absent on the last page. */
  nextAfter: string | undefined;
}

/**
 * Reads one page of list memberships and batch-reads those contacts (100 per call). A member whose
 * contact was deleted since it joined the list comes back as `deleted` (HubSpot returns 207 with
 * OBJECT_NOT_FOUND for it). Throws the first retriable or connection-level `HubSpotError`, because
 * such an error concerns the whole page, not one contact. Other per-contact errors come back as
 * `failed` reads.
 */
export async function readListPage(hubspot: HubSpotConnection, request: ListPageRequest): Promise<ListPage> {
  const options = { signal: request.signal };
  const page = await getListMembershipsPage(
    hubspot,
    { listId: request.listId, after: request.after, limit: request.limit },
    options,
  );
  const nextAfter = page.paging?.next?.after;
  const ids = page.results.map((membership) => membership.recordId);
  if (ids.length === 0) {
    return { reads: [], nextAfter };
  }

  const outcomes = await readContactsByIds(hubspot, { ids, properties: request.properties }, options);
  const pageFailure = outcomes.find((outcome) => !outcome.ok && outcome.error.kind !== 'permanent');
  if (pageFailure !== undefined && !pageFailure.ok) {
    throw pageFailure.error;
  }

  const reads = outcomes.map((outcome): ContactRead => {
    if (outcome.ok) {
      return { kind: 'found', contactId: outcome.input, properties: outcome.result.properties };
    }
    if (outcome.error.code === 'HUBSPOT_NOT_FOUND') {
      return { kind: 'deleted', contactId: outcome.input };
    }
    return {
      kind: 'failed',
      contactId: outcome.input,
      error: { code: outcome.error.code, message: outcome.error.message },
    };
  });
  return { reads, nextAfter };
}
