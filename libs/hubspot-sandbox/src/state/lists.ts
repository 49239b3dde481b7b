export const PROCESSING_TYPES = ['MANUAL', 'DYNAMIC', 'SNAPSHOT'] as const;
export type ProcessingType = (typeof PROCESSING_TYPES)[number];

/** A contact list (ILS list) and its memberships. */
export interface ListRecord {
  listId: string;
  /** Id of the list in the sunset v1 lists API; differs from `listId`. */
  legacyListId: string;
  name: string;
  objectTypeId: string;
  processingType: ProcessingType;
  processingStatus: string;
  listVersion: number;
  createdAt: number;
  updatedAt: number;
  filtersUpdatedAt: number;
  createdById: number;
  updatedById: number;
  folderName: string;
  lastRecordAddedAt?: number;
  lastRecordRemovedAt?: number;
  /** Members by record id; Map order is join order. */
  members: Map<number, Membership>;
  /** Next join sequence number. */
  nextSequence: number;
  /** Member ids ascending; rebuilt on the next read after a change. */
  sortedMembers?: number[];
  /** Member ids in join order; rebuilt on the next read after a change. */
  joinOrder?: number[];
}

/** When a record joined a list; `sequence` orders members that joined in the same millisecond. */
export interface Membership {
  joinedAt: number;
  sequence: number;
}

export interface NewList {
  listId: string;
  legacyListId: string;
  name: string;
  processingType: ProcessingType;
  objectTypeId?: string;
  folderName?: string;
  createdById?: number;
}

/** Lists of one portal. */
export class ListStore {
  private readonly lists = new Map<string, ListRecord>();

  create(input: NewList, now: number): ListRecord {
    const list: ListRecord = {
      listId: input.listId,
      legacyListId: input.legacyListId,
      name: input.name,
      objectTypeId: input.objectTypeId ?? '0-1',
      processingType: input.processingType,
      processingStatus: 'COMPLETE',
      listVersion: 1,
      createdAt: now,
      updatedAt: now,
      filtersUpdatedAt: now,
      createdById: input.createdById ?? 1,
      updatedById: input.createdById ?? 1,
      folderName: input.folderName ?? '',
      members: new Map(),
      nextSequence: 1,
    };
    this.lists.set(list.listId, list);
    return list;
  }

  get(listId: string): ListRecord | undefined {
    return this.lists.get(listId);
  }

  byName(objectTypeId: string, name: string): ListRecord | undefined {
    const wanted = name.toLowerCase();
    for (const list of this.lists.values()) {
      if (list.objectTypeId === objectTypeId && list.name.toLowerCase() === wanted) return list;
    }
    return undefined;
  }

  byLegacyId(legacyListId: string): ListRecord | undefined {
    for (const list of this.lists.values()) {
      if (list.legacyListId === legacyListId) return list;
    }
    return undefined;
  }

  delete(listId: string): boolean {
    return this.lists.delete(listId);
  }

  all(): ListRecord[] {
    return [...this.lists.values()];
  }

  /** Adds members; ids already present keep their join time and are not reported as added. */
  addMembers(list: ListRecord, recordIds: Iterable<number>, now: number): string[] {
    const added: string[] = [];
    for (const id of recordIds) {
      if (list.members.has(id)) continue;
      list.members.set(id, { joinedAt: now, sequence: list.nextSequence++ });
      added.push(String(id));
    }
    if (added.length > 0) this.touch(list, now, 'added');
    return added;
  }

  removeMembers(list: ListRecord, recordIds: Iterable<number>, now: number): string[] {
    const removed: string[] = [];
    for (const id of recordIds) {
      if (list.members.delete(id)) removed.push(String(id));
    }
    if (removed.length > 0) this.touch(list, now, 'removed');
    return removed;
  }

  /** Member ids in ascending order. */
  sortedMembers(list: ListRecord): number[] {
    if (list.sortedMembers === undefined) {
      list.sortedMembers = [...list.members.keys()].sort((a, b) => a - b);
    }
    return list.sortedMembers;
  }

  /** Member ids in the order they joined. */
  joinOrder(list: ListRecord): number[] {
    if (list.joinOrder === undefined) list.joinOrder = [...list.members.keys()];
    return list.joinOrder;
  }

  clear(): void {
    this.lists.clear();
  }

  private touch(list: ListRecord, now: number, change: 'added' | 'removed'): void {
    list.sortedMembers = undefined;
    list.joinOrder = undefined;
    list.updatedAt = now;
    if (change === 'added') list.lastRecordAddedAt = now;
    else list.lastRecordRemovedAt = now;
  }
}
