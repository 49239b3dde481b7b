import type { AssociationType, AssociationTypeRegistry } from './associations-types.js';

/** One end of an association: an object type id (`0-1`, `2-…`) and a record id. */
export interface RecordRef {
  objectTypeId: string;
  id: string;
}

/** The association types that link one record to one other record. */
export interface AssociatedRecord {
  toObjectId: string;
  types: AssociationType[];
}

/**
 * Associations between records of one portal. HubSpot stores each association in both
 * directions, so writing `A → B` with type `t` also writes `B → A` with the inverse of `t`.
 */
export class AssociationStore {
  /** `objectTypeId/id` of the source → `objectTypeId/id` of the target → type ids. */
  private readonly links = new Map<string, Map<string, Set<number>>>();

  constructor(private readonly types: AssociationTypeRegistry) {}

  /**
   * Adds `type` between the two records, in both directions. Returns false when the
   * association already existed, which changes nothing (re-association is idempotent).
   */
  associate(from: RecordRef, to: RecordRef, type: AssociationType): boolean {
    const added = this.addOne(from, to, type.typeId);
    this.addOne(to, from, type.inverseTypeId);
    return added;
  }

  /** Lists the records of `toObjectTypeId` associated with `from`, ordered by numeric record id. */
  list(from: RecordRef, toObjectTypeId: string): AssociatedRecord[] {
    const targets = this.links.get(keyOf(from));
    if (targets === undefined) return [];

    const results: AssociatedRecord[] = [];
    for (const [targetKey, typeIds] of targets) {
      const target = parseKey(targetKey);
      if (target.objectTypeId !== toObjectTypeId) continue;
      results.push({ toObjectId: target.id, types: this.typesOf(typeIds) });
    }
    return results.sort((left, right) => compareIds(left.toObjectId, right.toObjectId));
  }

  /** Returns the types between two records in the `from → to` direction, or an empty list. */
  typesBetween(from: RecordRef, to: RecordRef): AssociationType[] {
    const typeIds = this.links.get(keyOf(from))?.get(keyOf(to));
    return typeIds === undefined ? [] : this.typesOf(typeIds);
  }

  /** Removes every type between two records, in both directions. Returns false when there was none. */
  removeBetween(from: RecordRef, to: RecordRef): boolean {
    const removed = this.links.get(keyOf(from))?.delete(keyOf(to)) ?? false;
    this.links.get(keyOf(to))?.delete(keyOf(from));
    return removed;
  }

  /** Removes every association of a record, in both directions, e.g. after the record was deleted. */
  removeRecord(record: RecordRef): void {
    const targets = this.links.get(keyOf(record));
    if (targets === undefined) return;

    for (const targetKey of targets.keys()) this.links.get(targetKey)?.delete(keyOf(record));
    this.links.delete(keyOf(record));
  }

  private addOne(from: RecordRef, to: RecordRef, typeId: number): boolean {
    let targets = this.links.get(keyOf(from));
    if (targets === undefined) {
      targets = new Map();
      this.links.set(keyOf(from), targets);
    }
    let typeIds = targets.get(keyOf(to));
    if (typeIds === undefined) {
      typeIds = new Set();
      targets.set(keyOf(to), typeIds);
    }
    if (typeIds.has(typeId)) return false;
    typeIds.add(typeId);
    return true;
  }

  private typesOf(typeIds: Set<number>): AssociationType[] {
    return [...typeIds]
      .map((typeId) => this.types.get(typeId))
      .filter((type): type is AssociationType => type !== undefined)
      .sort((left, right) => left.typeId - right.typeId);
  }
}

function keyOf(ref: RecordRef): string {
  return `${ref.objectTypeId}/${ref.id}`;
}

function parseKey(key: string): RecordRef {
  const slash = key.indexOf('/');
  return { objectTypeId: key.slice(0, slash), id: key.slice(slash + 1) };
}

/** Orders numeric ids by value and places any other id after them, in text order. */
export function compareIds(left: string, right: string): number {
  const leftIsNumber = /^\d+$/.test(left);
  const rightIsNumber = /^\d+$/.test(right);
  if (leftIsNumber && rightIsNumber) {
    return compareValues(BigInt(left), BigInt(right));
  }
  if (leftIsNumber !== rightIsNumber) return leftIsNumber ? -1 : 1;
  return compareValues(left, right);
}

function compareValues<T extends bigint | string>(left: T, right: T): number {
  if (left < right) return -1;
  if (left > right) return 1;
  return 0;
}
