import type { ListRecord } from '../state/lists.js';

const iso = (epochMs: number): string => new Date(epochMs).toISOString();

/** Additional properties every list search result carries. */
export const DEFAULT_LIST_PROPERTIES = [
  'hs_list_size',
  'hs_last_record_added_at',
  'hs_last_record_removed_at',
  'hs_folder_name',
  'hs_list_reference_count',
] as const;

/** Returns the fields every list representation shares (`PublicObjectList` without size and filters). */
function baseJson(list: ListRecord): Record<string, unknown> {
  return {
    listId: list.listId,
    listVersion: list.listVersion,
    createdAt: iso(list.createdAt),
    updatedAt: iso(list.updatedAt),
    filtersUpdatedAt: iso(list.filtersUpdatedAt),
    processingStatus: list.processingStatus,
    createdById: String(list.createdById),
    updatedById: String(list.updatedById),
    processingType: list.processingType,
    objectTypeId: list.objectTypeId,
    name: list.name,
  };
}

/** A list as `GET /crm/v3/lists/{listId}` returns it inside `{ list }`. */
export function listJson(list: ListRecord, includeFilters: boolean): Record<string, unknown> {
  return {
    ...baseJson(list),
    size: list.members.size,
    membershipSettings: { includeUnassigned: false },
    listPermissions: { teamsWithEditAccess: [], usersWithEditAccess: [] },
    ...(includeFilters && list.processingType !== 'MANUAL' ? { filterBranch: emptyFilterBranch() } : {}),
  };
}

/**
 * A list as the search endpoint returns it. Known names in `requested` are added to the
 * default additional properties; unknown names are ignored.
 */
export function listSearchJson(list: ListRecord, requested: readonly string[]): Record<string, unknown> {
  const values: Record<string, string> = {
    hs_list_size: String(list.members.size),
    hs_last_record_added_at: list.lastRecordAddedAt === undefined ? '' : String(list.lastRecordAddedAt),
    hs_last_record_removed_at: list.lastRecordRemovedAt === undefined ? '' : String(list.lastRecordRemovedAt),
    hs_folder_name: list.folderName,
    hs_list_reference_count: '0',
    hs_is_public: 'true',
    hs_list_size_week_delta: '0',
    hs_created_by_user_id: String(list.createdById),
    hs_legacy_list_id: list.legacyListId,
  };
  const names = new Set<string>([...DEFAULT_LIST_PROPERTIES, ...requested]);
  const additionalProperties: Record<string, string> = {};
  for (const name of names) {
    const value = values[name];
    if (value !== undefined) additionalProperties[name] = value;
  }
  return { ...baseJson(list), additionalProperties };
}

/** Returns the filter tree of a list whose filters match nothing the sandbox evaluates. */
function emptyFilterBranch(): Record<string, unknown> {
  return {
    filterBranchType: 'OR',
    filterBranchOperator: 'OR',
    filters: [],
    filterBranches: [
      { filterBranchType: 'AND', filterBranchOperator: 'AND', filters: [], filterBranches: [] },
    ],
  };
}
