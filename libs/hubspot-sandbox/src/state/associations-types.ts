export const ASSOCIATION_CATEGORIES = ['HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED', 'WORK'] as const;
export type AssociationCategory = (typeof ASSOCIATION_CATEGORIES)[number];

/** One directional association type between two object types, as the v4 labels endpoint lists it. */
export interface AssociationType {
  typeId: number;
  category: AssociationCategory;
  fromObjectTypeId: string;
  toObjectTypeId: string;
  /** `null` for the unlabeled default type. */
  label: string | null;
  /** Name shown in v3 responses and in schema definitions, e.g. `link_to_contact`. */
  name: string;
  /** Type id of the same association seen from the other side. */
  inverseTypeId: number;
  createdAt: number;
  updatedAt: number;
}

/** Input for one direction of a new association type pair. */
export interface AssociationTypePairInput {
  fromObjectTypeId: string;
  toObjectTypeId: string;
  category: AssociationCategory;
  label: string | null;
  name: string;
  inverseName: string;
}

/**
 * Contact ↔ company types that HubSpot defines in every portal: 279/280 unlabeled, 1/2 primary
 * (`AssociationTypes` in `@hubspot/api-client` 14).
 */
const HUBSPOT_DEFINED_PAIRS = [
  { from: '0-1', to: '0-2', typeId: 279, inverseTypeId: 280, label: null, name: 'contact_to_company_unlabeled' },
  { from: '0-2', to: '0-1', typeId: 280, inverseTypeId: 279, label: null, name: 'company_to_contact_unlabeled' },
  { from: '0-1', to: '0-2', typeId: 1, inverseTypeId: 2, label: 'Primary', name: 'contact_to_company' },
  { from: '0-2', to: '0-1', typeId: 2, inverseTypeId: 1, label: 'Primary', name: 'company_to_contact' },
] as const;

/**
 * First type id handed out for portal-defined types. HubSpot-defined ids used by the sandbox are
 * below it, so a new id never shadows one of them.
 */
const FIRST_USER_DEFINED_TYPE_ID = 1000;

/** Association types per portal: HubSpot-defined ones plus those created with custom object schemas. */
export class AssociationTypeRegistry {
  private readonly byPortal = new Map<number, Map<number, AssociationType>>();
  private nextTypeId = FIRST_USER_DEFINED_TYPE_ID;

  /** Lists the types from one object type to another, HubSpot-defined first, then by type id. */
  list(portalId: number, fromObjectTypeId: string, toObjectTypeId: string): AssociationType[] {
    return [...this.typesOf(portalId).values()]
      .filter((type) => type.fromObjectTypeId === fromObjectTypeId && type.toObjectTypeId === toObjectTypeId)
      .sort(compareTypes);
  }

  get(portalId: number, typeId: number): AssociationType | undefined {
    return this.typesOf(portalId).get(typeId);
  }

  /** Finds a type by id that goes from `fromObjectTypeId` to any object type. */
  findFrom(portalId: number, fromObjectTypeId: string, typeId: number): AssociationType | undefined {
    const type = this.get(portalId, typeId);
    return type?.fromObjectTypeId === fromObjectTypeId ? type : undefined;
  }

  /**
   * Returns the type the default endpoints use between two object types: the unlabeled
   * HubSpot-defined type when there is one, else the unlabeled portal-defined type.
   */
  defaultType(portalId: number, fromObjectTypeId: string, toObjectTypeId: string): AssociationType | undefined {
    return this.list(portalId, fromObjectTypeId, toObjectTypeId).find((type) => type.label === null);
  }

  /** Creates both directions of a new type with distinct ids and returns `[forward, inverse]`. */
  definePair(portalId: number, input: AssociationTypePairInput, now: number): [AssociationType, AssociationType] {
    const forwardId = this.nextTypeId++;
    const inverseId = this.nextTypeId++;
    const forward: AssociationType = {
      typeId: forwardId,
      category: input.category,
      fromObjectTypeId: input.fromObjectTypeId,
      toObjectTypeId: input.toObjectTypeId,
      label: input.label,
      name: input.name,
      inverseTypeId: inverseId,
      createdAt: now,
      updatedAt: now,
    };
    const inverse: AssociationType = {
      ...forward,
      typeId: inverseId,
      fromObjectTypeId: input.toObjectTypeId,
      toObjectTypeId: input.fromObjectTypeId,
      name: input.inverseName,
      inverseTypeId: forwardId,
    };

    const types = this.typesOf(portalId);
    types.set(forward.typeId, forward);
    types.set(inverse.typeId, inverse);
    return [forward, inverse];
  }

  /** Drops the portal's own types; HubSpot-defined types come back on the next access. */
  deletePortal(portalId: number): void {
    this.byPortal.delete(portalId);
  }

  clear(): void {
    this.byPortal.clear();
  }

  private typesOf(portalId: number): Map<number, AssociationType> {
    let types = this.byPortal.get(portalId);
    if (types === undefined) {
      types = new Map();
      for (const pair of HUBSPOT_DEFINED_PAIRS) {
        types.set(pair.typeId, {
          typeId: pair.typeId,
          category: 'HUBSPOT_DEFINED',
          fromObjectTypeId: pair.from,
          toObjectTypeId: pair.to,
          label: pair.label,
          name: pair.name,
          inverseTypeId: pair.inverseTypeId,
          createdAt: 0,
          updatedAt: 0,
        });
      }
      this.byPortal.set(portalId, types);
    }
    return types;
  }
}

function compareTypes(left: AssociationType, right: AssociationType): number {
  const leftRank = left.category === 'HUBSPOT_DEFINED' ? 0 : 1;
  const rightRank = right.category === 'HUBSPOT_DEFINED' ? 0 : 1;
  return leftRank - rightRank || left.typeId - right.typeId;
}
