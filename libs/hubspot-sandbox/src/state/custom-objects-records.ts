import type { Clock } from '../clock.js';
import { conflict, validationError, type HubSpotHttpError } from '../http/hubspot-errors.js';
import { findPropertyErrors, propertyValidationError } from './property-validation.js';
import { compareIds } from './associations.js';
import { uniquePropertyNames } from './custom-objects-properties.js';
import type { CustomObjectSchema } from './custom-objects.js';

/** A custom object record as stored: user-set values only; `hs_object_id` and the dates are computed. */
export interface CustomObjectRecord {
  readonly id: string;
  readonly objectTypeId: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/**
 * Unique values that earlier inputs of the same batch will write, by `property/value`, so that
 * two inputs of one request cannot claim the same value.
 */
export type PendingUniqueValues = Map<string, string>;

/** Properties every read returns, whether requested or not. */
const DEFAULT_READ_PROPERTIES = ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'];

/** Records of every custom object type of one portal, with a value index per unique property. */
export class CustomObjectRecordStore {
  private readonly records = new Map<string, Map<string, CustomObjectRecord>>();
  /** `objectTypeId/property` → value → record id. */
  private readonly uniqueIndex = new Map<string, Map<string, string>>();

  constructor(
    private readonly portalId: number,
    private readonly nextRecordId: () => string,
    private readonly clock: Clock,
  ) {}

  get(schema: CustomObjectSchema, id: string): CustomObjectRecord | undefined {
    return this.recordsOf(schema).get(id);
  }

  /** Finds a record by a unique property, or by record id when `property` is `hs_object_id`. */
  findByProperty(
    schema: CustomObjectSchema,
    property: string,
    value: string,
  ): CustomObjectRecord | undefined {
    if (property === 'hs_object_id') return this.get(schema, value);
    const id = this.uniqueIndex.get(`${schema.objectTypeId}/${property}`)?.get(value);
    return id === undefined ? undefined : this.get(schema, id);
  }

  /** Records of a type in ascending id order. */
  list(schema: CustomObjectSchema): CustomObjectRecord[] {
    return [...this.recordsOf(schema).values()].sort((left, right) => compareIds(left.id, right.id));
  }

  /**
   * Returns the error a create with these values would get, or undefined: 400 for invalid or
   * missing required values, 409 CONFLICT for a unique value that a record or an earlier input
   * of the batch (`pending`) already uses.
   */
  checkCreate(
    schema: CustomObjectSchema,
    properties: Readonly<Record<string, string>>,
    pending: PendingUniqueValues = new Map(),
  ): HubSpotHttpError | undefined {
    const invalid = findPropertyErrors(this.portalId, schema.properties, properties);
    if (invalid.length > 0) return propertyValidationError(invalid);

    const missing = schema.requiredProperties.filter((name) => (properties[name] ?? '') === '');
    if (missing.length > 0) {
      return validationError(
        `Required properties are missing: ${missing.join(', ')}. Set every property the schema lists in requiredProperties.`,
        { context: { propertyName: missing } },
      );
    }
    return this.checkUnique(schema, undefined, properties, pending);
  }

  /** Returns the error an update of `record` would get, or undefined; errors as in `checkCreate`. */
  checkUpdate(
    schema: CustomObjectSchema,
    record: CustomObjectRecord,
    properties: Readonly<Record<string, string>>,
    pending: PendingUniqueValues = new Map(),
  ): HubSpotHttpError | undefined {
    const invalid = findPropertyErrors(this.portalId, schema.properties, properties);
    if (invalid.length > 0) return propertyValidationError(invalid);

    const cleared = schema.requiredProperties.filter((name) => properties[name] === '');
    if (cleared.length > 0) {
      return validationError(`Required properties cannot be cleared: ${cleared.join(', ')}.`, {
        context: { propertyName: cleared },
      });
    }
    return this.checkUnique(schema, record.id, properties, pending);
  }

  /** Stores a new record; call `checkCreate` first, because this method does not validate. */
  create(schema: CustomObjectSchema, properties: Readonly<Record<string, string>>): CustomObjectRecord {
    const now = this.clock.now();
    const record: CustomObjectRecord = {
      id: this.nextRecordId(),
      objectTypeId: schema.objectTypeId,
      properties: applyChanges({}, properties),
      createdAt: now,
      updatedAt: now,
    };
    this.store(schema, record);
    return record;
  }

  /** Merges values into a record (an empty string clears one); call `checkUpdate` first. */
  update(
    schema: CustomObjectSchema,
    record: CustomObjectRecord,
    properties: Readonly<Record<string, string>>,
  ): CustomObjectRecord {
    this.unindex(schema, record);
    const updated: CustomObjectRecord = {
      ...record,
      properties: applyChanges(record.properties, properties),
      updatedAt: this.clock.now(),
    };
    this.store(schema, updated);
    return updated;
  }

  delete(schema: CustomObjectSchema, id: string): boolean {
    const record = this.get(schema, id);
    if (record === undefined) return false;
    this.unindex(schema, record);
    return this.recordsOf(schema).delete(id);
  }

  /**
   * Property values as a read returns them: `hs_object_id`, `hs_createdate` and
   * `hs_lastmodifieddate`, plus the requested properties that the type defines (`null` when
   * unset). Unknown names are ignored, not rejected.
   */
  view(
    schema: CustomObjectSchema,
    record: CustomObjectRecord,
    requested: readonly string[] = [],
  ): Record<string, string | null> {
    const names = [...DEFAULT_READ_PROPERTIES, ...requested];
    const values: Record<string, string | null> = {};
    for (const name of names) {
      if (!schema.properties.has(name)) continue;
      values[name] = valueOf(record, name);
    }
    return values;
  }

  /** Property values as a create or update returns them: every set value plus the computed ones. */
  viewAll(record: CustomObjectRecord): Record<string, string> {
    const values: Record<string, string> = { ...record.properties };
    for (const name of DEFAULT_READ_PROPERTIES) values[name] = valueOf(record, name) as string;
    return values;
  }

  private checkUnique(
    schema: CustomObjectSchema,
    ownId: string | undefined,
    properties: Readonly<Record<string, string>>,
    pending: PendingUniqueValues,
  ): HubSpotHttpError | undefined {
    for (const name of uniquePropertyNames(schema.properties)) {
      const value = properties[name];
      if (value === undefined || value === '') continue;

      const holder = this.uniqueIndex.get(`${schema.objectTypeId}/${name}`)?.get(value);
      if (holder !== undefined && holder !== ownId) {
        return conflict(`A record with ${name} "${value}" already exists. Existing ID: ${holder}`, {
          context: { propertyName: [name], id: [holder] },
        });
      }
      const claimedBy = pending.get(`${name}/${value}`);
      if (claimedBy !== undefined && claimedBy !== ownId) {
        return conflict(`Two inputs of the batch set ${name} to "${value}", but ${name} must be unique.`, {
          context: { propertyName: [name] },
        });
      }
    }
    return undefined;
  }

  private store(schema: CustomObjectSchema, record: CustomObjectRecord): void {
    this.recordsOf(schema).set(record.id, record);
    for (const name of uniquePropertyNames(schema.properties)) {
      const value = record.properties[name];
      if (value === undefined) continue;
      const key = `${schema.objectTypeId}/${name}`;
      let index = this.uniqueIndex.get(key);
      if (index === undefined) {
        index = new Map();
        this.uniqueIndex.set(key, index);
      }
      index.set(value, record.id);
    }
  }

  private unindex(schema: CustomObjectSchema, record: CustomObjectRecord): void {
    for (const name of uniquePropertyNames(schema.properties)) {
      const value = record.properties[name];
      const index = this.uniqueIndex.get(`${schema.objectTypeId}/${name}`);
      if (value !== undefined && index?.get(value) === record.id) index.delete(value);
    }
  }

  private recordsOf(schema: CustomObjectSchema): Map<string, CustomObjectRecord> {
    let records = this.records.get(schema.objectTypeId);
    if (records === undefined) {
      records = new Map();
      this.records.set(schema.objectTypeId, records);
    }
    return records;
  }
}

function valueOf(record: CustomObjectRecord, name: string): string | null {
  if (name === 'hs_object_id') return record.id;
  if (name === 'hs_createdate') return new Date(record.createdAt).toISOString();
  if (name === 'hs_lastmodifieddate') return new Date(record.updatedAt).toISOString();
  return record.properties[name] ?? null;
}

/** Applies `changes` to `base`; an empty string removes the value, as HubSpot clears it. */
function applyChanges(
  base: Readonly<Record<string, string>>,
  changes: Readonly<Record<string, string>>,
): Record<string, string> {
  const result: Record<string, string> = { ...base };
  for (const [name, value] of Object.entries(changes)) {
    if (value === '') delete result[name];
    else result[name] = value;
  }
  return result;
}
