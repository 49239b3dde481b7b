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
  /** Portal id → `objectTypeId/id` of the source → `objectTypeId/id` of the target → type ids. */
  private readonly byPortal = new Map<number, Map<string, Map<string, Set<number>>>>();

  constructor(private readonly types: AssociationTypeRegistry) {}

  /**
   * Adds `type` between the two records, in both directions. Returns false when the
   * association already existed, which changes nothing (re-association is idempotent).
   */
  associate(portalId: number, from: RecordRef, to: RecordRef, type: AssociationType): boolean {
    const added = this.addOne(portalId, from, to, type.typeId);
    this.addOne(portalId, to, from, type.inverseTypeId);
    return added;
  }

  /** Lists the records of `toObjectTypeId` associated with `from`, ordered by numeric record id. */
  list(portalId: number, from: RecordRef, toObjectTypeId: string): AssociatedRecord[] {
    const targets = this.byPortal.get(portalId)?.get(keyOf(from));
    if (targets === undefined) return [];

    const results: AssociatedRecord[] = [];
    for (const [targetKey, typeIds] of targets) {
      const target = parseKey(targetKey);
      if (target.objectTypeId !== toObjectTypeId) continue;
      const types = [...typeIds]
        .map((typeId) => this.types.get(portalId, typeId))
        .filter((type): type is AssociationType => type !== undefined)
        .sort((left, right) => left.typeId - right.typeId);
      results.push({ toObjectId: target.id, types });
    }
    return results.sort((left, right) => compareIds(left.toObjectId, right.toObjectId));
  }

  /** Type ids between two records in the `from → to` direction; empty when none. */
  typesBetween(portalId: number, from: RecordRef, to: RecordRef): AssociationType[] {
    const typeIds = this.byPortal.get(portalId)?.get(keyOf(from))?.get(keyOf(to));
    if (typeIds === undefined) return [];
    return [...typeIds]
      .map((typeId) => this.types.get(portalId, typeId))
      .filter((type): type is AssociationType => type !== undefined);
  }

  /** Removes every association of a record, in both directions, e.g. after it was deleted. */
  removeRecord(portalId: number, record: RecordRef): void {
    const portal = this.byPortal.get(portalId);
    const targets = portal?.get(keyOf(record));
    if (portal === undefined || targets === undefined) return;

    for (const targetKey of targets.keys()) portal.get(targetKey)?.delete(keyOf(record));
    portal.delete(keyOf(record));
  }

  deletePortal(portalId: number): void {
    this.byPortal.delete(portalId);
  }

  clear(): void {
    this.byPortal.clear();
  }

  private addOne(portalId: number, from: RecordRef, to: RecordRef, typeId: number): boolean {
    let portal = this.byPortal.get(portalId);
    if (portal === undefined) {
      portal = new Map();
      this.byPortal.set(portalId, portal);
    }
    let targets = portal.get(keyOf(from));
    if (targets === undefined) {
      targets = new Map();
      portal.set(keyOf(from), targets);
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
}

function keyOf(ref: RecordRef): string {
  return `${ref.objectTypeId}/${ref.id}`;
}

function parseKey(key: string): RecordRef {
  const slash = key.indexOf('/');
  return { objectTypeId: key.slice(0, slash), id: key.slice(slash + 1) };
}

/** Orders numeric ids by value and any other id after them, by text. */
export function compareIds(left: string, right: string): number {
  const leftNumber = /^\d+$/.test(left) ? BigInt(left) : undefined;
  const rightNumber = /^\d+$/.test(right) ? BigInt(right) : undefined;
  if (leftNumber !== undefined && rightNumber !== undefined) {
    return leftNumber < rightNumber ? -1 : leftNumber > rightNumber ? 1 : 0;
  }
  if (leftNumber !== undefined) return -1;
  if (rightNumber !== undefined) return 1;
  return left < right ? -1 : left > right ? 1 : 0;
}
