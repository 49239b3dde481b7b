import { objectAlreadyExists, validationError } from '../http/hubspot-errors.js';
import type { AssociationType, AssociationTypeRegistry } from './associations-types.js';
import { buildProperties } from './custom-objects-properties.js';
import type { CustomObjectProperty, PropertyInput } from './custom-objects-properties.js';

/** Standard object types that a schema's `associatedObjects` may name, by their HubSpot names. */
export const STANDARD_OBJECT_TYPE_IDS: Readonly<Record<string, string>> = {
  CONTACT: '0-1',
  COMPANY: '0-2',
  DEAL: '0-3',
  TICKET: '0-5',
};

export interface SchemaInput {
  name: string;
  labels: { singular?: string; plural?: string };
  description?: string;
  properties: PropertyInput[];
  requiredProperties: string[];
  searchableProperties?: string[];
  primaryDisplayProperty?: string;
  secondaryDisplayProperties?: string[];
  /** Object types to associate with: `CONTACT`, `COMPANY`, `DEAL`, `TICKET` or another custom type. */
  associatedObjects: string[];
}

export interface SchemaPatch {
  labels?: { singular?: string; plural?: string };
  description?: string;
  clearDescription?: boolean;
  requiredProperties?: string[];
  searchableProperties?: string[];
  primaryDisplayProperty?: string;
  secondaryDisplayProperties?: string[];
}

/** A custom object type of one portal. */
export interface CustomObjectSchema {
  id: string;
  portalId: number;
  objectTypeId: string;
  name: string;
  fullyQualifiedName: string;
  labels: { singular?: string; plural?: string };
  description?: string;
  properties: Map<string, CustomObjectProperty>;
  requiredProperties: string[];
  searchableProperties: string[];
  primaryDisplayProperty?: string;
  secondaryDisplayProperties: string[];
  /** Association types from this object type to the associated ones, one per target type. */
  associations: AssociationType[];
  archived: boolean;
  createdAt: number;
  updatedAt: number;
}

const SCHEMA_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Default cap on custom object types per account; HubSpot sells more. */
export const DEFAULT_MAX_OBJECT_TYPES = 10;

/** Custom object schemas of one portal, with the association types they create. */
export class CustomObjectSchemaStore {
  private readonly schemas = new Map<string, CustomObjectSchema>();

  constructor(
    private readonly portalId: number,
    private readonly associationTypes: AssociationTypeRegistry,
    private readonly nextSchemaId: () => string,
    private readonly maxObjectTypes: () => number = () => DEFAULT_MAX_OBJECT_TYPES,
  ) {}

  list(archived = false): CustomObjectSchema[] {
    return [...this.schemas.values()].filter((schema) => schema.archived === archived);
  }

  /**
   * Finds a schema by objectTypeId (`2-…`), fully qualified name (`p<portalId>_<name>`) or
   * the short form `p_<name>`. Bare names are not accepted: HubSpot stopped resolving them in 2025.
   */
  resolve(objectType: string): CustomObjectSchema | undefined {
    const byTypeId = this.schemas.get(objectType);
    if (byTypeId !== undefined) return byTypeId;

    const lower = objectType.toLowerCase();
    for (const schema of this.schemas.values()) {
      if (schema.fullyQualifiedName.toLowerCase() === lower) return schema;
      if (`p_${schema.name}`.toLowerCase() === lower) return schema;
    }
    return undefined;
  }

  /**
   * Validates and stores a new schema, creating a USER_DEFINED association type pair for each
   * entry of `associatedObjects`. Throws 400 VALIDATION_ERROR for invalid input or when the
   * portal already has the maximum number of types, and 409 for a name already in use.
   */
  create(input: SchemaInput, now: number): CustomObjectSchema {
    validateSchemaName(input.name);
    if (this.list().some((schema) => schema.name.toLowerCase() === input.name.toLowerCase())) {
      throw objectAlreadyExists(`Object type with name "${input.name}" already exists.`);
    }
    if (this.schemas.size >= this.maxObjectTypes()) {
      // NOTE: HubSpot documents the cap but not the error; 400 is the sandbox's choice.
      throw validationError(
        `The portal already has ${this.schemas.size} custom object types, the maximum allowed. Delete one or raise the limit.`,
      );
    }

    const properties = buildProperties(input.properties, now);
    validatePropertyReferences(properties, input);
    const targetTypeIds = input.associatedObjects.map((target) => this.resolveAssociationTarget(target));

    const id = this.nextSchemaId();
    const schema: CustomObjectSchema = {
      id,
      portalId: this.portalId,
      objectTypeId: `2-${id}`,
      name: input.name,
      fullyQualifiedName: `p${this.portalId}_${input.name}`,
      labels: { ...input.labels },
      ...(input.description === undefined ? {} : { description: input.description }),
      properties,
      requiredProperties: [...input.requiredProperties],
      searchableProperties: [...(input.searchableProperties ?? [])],
      ...(input.primaryDisplayProperty === undefined
        ? {}
        : { primaryDisplayProperty: input.primaryDisplayProperty }),
      secondaryDisplayProperties: [...(input.secondaryDisplayProperties ?? [])],
      associations: [],
      archived: false,
      createdAt: now,
      updatedAt: now,
    };

    this.schemas.set(schema.objectTypeId, schema);
    for (const targetTypeId of new Set(targetTypeIds)) {
      schema.associations.push(this.defineAssociation(schema, targetTypeId, now));
    }
    return schema;
  }

  /** Applies a PATCH; the property names it refers to must exist on the schema. */
  update(schema: CustomObjectSchema, patch: SchemaPatch, now: number): CustomObjectSchema {
    const next = {
      requiredProperties: patch.requiredProperties ?? schema.requiredProperties,
      searchableProperties: patch.searchableProperties ?? schema.searchableProperties,
      primaryDisplayProperty: patch.primaryDisplayProperty ?? schema.primaryDisplayProperty,
      secondaryDisplayProperties: patch.secondaryDisplayProperties ?? schema.secondaryDisplayProperties,
    };
    validatePropertyReferences(schema.properties, next);

    if (patch.labels !== undefined) schema.labels = { ...schema.labels, ...patch.labels };
    if (patch.clearDescription === true) delete schema.description;
    else if (patch.description !== undefined) schema.description = patch.description;
    schema.requiredProperties = [...next.requiredProperties];
    schema.searchableProperties = [...next.searchableProperties];
    if (next.primaryDisplayProperty !== undefined)
      schema.primaryDisplayProperty = next.primaryDisplayProperty;
    schema.secondaryDisplayProperties = [...next.secondaryDisplayProperties];
    schema.updatedAt = now;
    return schema;
  }

  /** Adds an association type pair from the schema to another object type. */
  addAssociation(schema: CustomObjectSchema, target: string, now: number): AssociationType {
    const type = this.defineAssociation(schema, this.resolveAssociationTarget(target), now);
    schema.associations.push(type);
    schema.updatedAt = now;
    return type;
  }

  private defineAssociation(schema: CustomObjectSchema, targetTypeId: string, now: number): AssociationType {
    const targetName = this.nameOfObjectType(targetTypeId);
    const [forward] = this.associationTypes.definePair(
      {
        fromObjectTypeId: schema.objectTypeId,
        toObjectTypeId: targetTypeId,
        category: 'USER_DEFINED',
        label: null,
        name: `${schema.name}_to_${targetName}`,
        inverseName: `${targetName}_to_${schema.name}`,
      },
      now,
    );
    return forward;
  }

  private resolveAssociationTarget(target: string): string {
    const standard = STANDARD_OBJECT_TYPE_IDS[target.toUpperCase()];
    if (standard !== undefined) return standard;
    if (Object.values(STANDARD_OBJECT_TYPE_IDS).includes(target)) return target;

    const custom = this.resolve(target);
    if (custom !== undefined) return custom.objectTypeId;
    throw validationError(
      `Unknown object type "${target}" in associatedObjects. Use CONTACT, COMPANY, DEAL, TICKET or the objectTypeId of a custom object.`,
      { context: { associatedObjects: [target] } },
    );
  }

  private nameOfObjectType(objectTypeId: string): string {
    const standard = Object.entries(STANDARD_OBJECT_TYPE_IDS).find(([, id]) => id === objectTypeId);
    if (standard !== undefined) return standard[0].toLowerCase();
    return this.resolve(objectTypeId)?.name ?? objectTypeId;
  }
}

function validateSchemaName(name: string): void {
  if (!SCHEMA_NAME_PATTERN.test(name)) {
    throw validationError(
      `Invalid object type name "${name}". A name must start with a letter and contain only letters, digits and underscores.`,
      { context: { name: [name] } },
    );
  }
}

function validatePropertyReferences(
  properties: Map<string, CustomObjectProperty>,
  references: {
    requiredProperties: string[];
    searchableProperties?: string[];
    primaryDisplayProperty?: string | undefined;
    secondaryDisplayProperties?: string[];
  },
): void {
  const fields = {
    requiredProperties: references.requiredProperties,
    searchableProperties: references.searchableProperties ?? [],
    primaryDisplayProperty:
      references.primaryDisplayProperty === undefined ? [] : [references.primaryDisplayProperty],
    secondaryDisplayProperties: references.secondaryDisplayProperties ?? [],
  };
  for (const [field, names] of Object.entries(fields)) {
    const unknown = names.filter((name) => !properties.has(name));
    if (unknown.length > 0) {
      throw validationError(
        `${field} names properties that are not defined on the object type: ${unknown.join(', ')}.`,
        { context: { [field]: unknown } },
      );
    }
  }
}
