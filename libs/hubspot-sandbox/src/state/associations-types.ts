export const ASSOCIATION_CATEGORIES = [
  'HUBSPOT_DEFINED',
  'USER_DEFINED',
  'INTEGRATOR_DEFINED',
  'WORK',
] as const;
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
  {
    from: '0-1',
    to: '0-2',
    typeId: 279,
    inverseTypeId: 280,
    label: null,
    name: 'contact_to_company_unlabeled',
  },
  {
    from: '0-2',
    to: '0-1',
    typeId: 280,
    inverseTypeId: 279,
    label: null,
    name: 'company_to_contact_unlabeled',
  },
  { from: '0-1', to: '0-2', typeId: 1, inverseTypeId: 2, label: 'Primary', name: 'contact_to_company' },
  { from: '0-2', to: '0-1', typeId: 2, inverseTypeId: 1, label: 'Primary', name: 'company_to_contact' },
] as const;

/**
 * Association types of one portal: the HubSpot-defined ones plus those created with custom
 * object schemas.
 */
export class AssociationTypeRegistry {
  private readonly types = new Map<number, AssociationType>();

  /**
   * @param nextTypeId allocates ids for new types; they must not collide with the
   *   HubSpot-defined ids 1, 2, 279 and 280.
   */
  constructor(private readonly nextTypeId: () => number) {
    for (const pair of HUBSPOT_DEFINED_PAIRS) {
      this.types.set(pair.typeId, {
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
  }

  /** Lists the types from one object type to another, HubSpot-defined first, then by type id. */
  list(fromObjectTypeId: string, toObjectTypeId: string): AssociationType[] {
    return [...this.types.values()]
      .filter((type) => type.fromObjectTypeId === fromObjectTypeId && type.toObjectTypeId === toObjectTypeId)
      .sort(compareTypes);
  }

  get(typeId: number): AssociationType | undefined {
    return this.types.get(typeId);
  }

  /** Finds a type by id that goes from `fromObjectTypeId` to any object type. */
  findFrom(fromObjectTypeId: string, typeId: number): AssociationType | undefined {
    const type = this.get(typeId);
    return type?.fromObjectTypeId === fromObjectTypeId ? type : undefined;
  }

  /**
   * Returns the type the default endpoints use between two object types: the unlabeled
   * HubSpot-defined type when there is one, else the unlabeled portal-defined type.
   */
  defaultType(fromObjectTypeId: string, toObjectTypeId: string): AssociationType | undefined {
    return this.list(fromObjectTypeId, toObjectTypeId).find((type) => type.label === null);
  }

  /** Creates both directions of a new type with distinct ids and returns `[forward, inverse]`. */
  definePair(input: AssociationTypePairInput, now: number): [AssociationType, AssociationType] {
    const forwardId = this.nextTypeId();
    const inverseId = this.nextTypeId();
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

    this.types.set(forward.typeId, forward);
    this.types.set(inverse.typeId, inverse);
    return [forward, inverse];
  }
}

function compareTypes(left: AssociationType, right: AssociationType): number {
  const leftRank = left.category === 'HUBSPOT_DEFINED' ? 0 : 1;
  const rightRank = right.category === 'HUBSPOT_DEFINED' ? 0 : 1;
  return leftRank - rightRank || left.typeId - right.typeId;
}
