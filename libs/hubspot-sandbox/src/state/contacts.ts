import type { Clock } from '../clock.js';
import { conflict, notFound, type HubSpotHttpError } from '../http/hubspot-errors.js';
import { defaultContactProperties, type PropertyDefinition } from './contact-properties.js';
import { generatedProperties, idOfGeneratedEmail, type GeneratedBlock } from './generated-contacts.js';
import { findPropertyErrors, propertyValidationError } from './property-validation.js';

/** A contact as stored: user-set properties only; `hs_object_id` and the dates are computed. */
export interface ContactRecord {
  readonly id: string;
  /** Property values; `email` is always lower-cased. */
  readonly properties: Readonly<Record<string, string>>;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A run of consecutive ids, either explicit contacts or one generated block. */
interface IdSegment {
  first: number;
  count: number;
  generated?: GeneratedBlock;
}

/** Allocates `count` consecutive ids and returns the first. */
export type IdReserver = (count: number) => number;

export interface GenerateContactsOptions {
  count: number;
  /** Email domain of the generated addresses; `example.com` by default. */
  domain?: string;
  /** Properties every generated contact gets in addition to email, firstname and lastname. */
  properties?: Record<string, string>;
}

/**
 * Contacts of one portal with a unique, lower-cased email index. Explicit contacts live in a
 * Map; generated ones are id ranges that are copied into the Map only when changed.
 */
export class ContactStore {
  private readonly definitions = new Map<string, PropertyDefinition>();
  private readonly records = new Map<string, ContactRecord>();
  private readonly emailIndex = new Map<string, string>();
  private readonly blocks: GeneratedBlock[] = [];
  private readonly deletedGenerated = new Set<number>();
  private readonly segments: IdSegment[] = [];
  private liveCount = 0;

  constructor(
    readonly portalId: number,
    private readonly reserveIds: IdReserver,
    private readonly clock: Clock,
  ) {
    for (const definition of defaultContactProperties()) this.definitions.set(definition.name, definition);
  }

  /** Number of contacts that exist (deleted ones excluded). */
  get size(): number {
    return this.liveCount;
  }

  propertyDefinitions(): PropertyDefinition[] {
    return [...this.definitions.values()];
  }

  propertyDefinition(name: string): PropertyDefinition | undefined {
    return this.definitions.get(name);
  }

  addPropertyDefinition(definition: PropertyDefinition): void {
    this.definitions.set(definition.name, definition);
  }

  get(id: string): ContactRecord | undefined {
    const explicit = this.records.get(id);
    if (explicit !== undefined) return explicit;
    return this.generatedRecord(Number(id));
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  /** Looks a contact up by its primary email, case-insensitively. */
  findByEmail(email: string): ContactRecord | undefined {
    const normalized = email.trim().toLowerCase();
    const id = this.emailIndex.get(normalized);
    if (id !== undefined) return this.records.get(id);

    const generatedId = idOfGeneratedEmail(this.blocks, normalized);
    if (generatedId === undefined || this.records.has(String(generatedId))) return undefined;
    return this.generatedRecord(generatedId);
  }

  /** Returns the 400 or 409 a create with these properties would get, or undefined when valid. */
  checkCreate(properties: Readonly<Record<string, string>>): HubSpotHttpError | undefined {
    const errors = findPropertyErrors(this.portalId, this.definitions, properties);
    if (errors.length > 0) return propertyValidationError(errors);
    const email = properties['email'];
    if (email !== undefined && email !== '') {
      const existing = this.findByEmail(email);
      if (existing !== undefined) return conflict(`Contact already exists. Existing ID: ${existing.id}`);
    }
    return undefined;
  }

  /** Creates a contact; throws `HubSpotHttpError` 400 for invalid values and 409 for a taken email. */
  create(properties: Readonly<Record<string, string>>): ContactRecord {
    const problem = this.checkCreate(properties);
    if (problem !== undefined) throw problem;

    const id = String(this.reserveIds(1));
    const now = this.clock.now();
    const record: ContactRecord = {
      id,
      properties: normalize({}, properties),
      createdAt: now,
      updatedAt: now,
    };
    this.insert(record);
    this.appendExplicitId(Number(id));
    this.liveCount += 1;
    return record;
  }

  /** Creates a contact with `email` and `properties`; throws like `create`. */
  createFromEmail(email: string, properties: Readonly<Record<string, string>> = {}): ContactRecord {
    return this.create({ ...properties, email });
  }

  /** Returns the 400, 404 or 409 an update would get, or undefined when valid. */
  checkUpdate(id: string, properties: Readonly<Record<string, string>>): HubSpotHttpError | undefined {
    const current = this.get(id);
    if (current === undefined) return notFound('resource not found', { ids: [id] });
    const errors = findPropertyErrors(this.portalId, this.definitions, properties);
    if (errors.length > 0) return propertyValidationError(errors);
    const email = properties['email'];
    if (email !== undefined && email !== '') {
      const holder = this.findByEmail(email);
      if (holder !== undefined && holder.id !== id) {
        return conflict(`Contact already exists. Existing ID: ${holder.id}`);
      }
    }
    return undefined;
  }

  /** Merges `properties` into a contact (an empty string clears a value); throws like `checkUpdate`. */
  update(id: string, properties: Readonly<Record<string, string>>): ContactRecord {
    const problem = this.checkUpdate(id, properties);
    if (problem !== undefined) throw problem;

    const current = this.get(id) as ContactRecord;
    this.removeFromEmailIndex(current);
    const record: ContactRecord = {
      id,
      properties: normalize(current.properties, properties),
      createdAt: current.createdAt,
      updatedAt: this.clock.now(),
    };
    this.insert(record);
    return record;
  }

  /** Deletes a contact; list memberships keep pointing at its id. Returns false when absent. */
  delete(id: string): boolean {
    const current = this.get(id);
    if (current === undefined) return false;

    this.removeFromEmailIndex(current);
    this.records.delete(id);
    if (this.generatedBlockOf(Number(id)) !== undefined) this.deletedGenerated.add(Number(id));
    this.liveCount -= 1;
    return true;
  }

  /**
   * Adds `count` generated contacts with consecutive ids and returns those ids' first and count.
   * Their emails follow `<first>.<last>.<block>.<n>@<domain>`.
   */
  generate(options: GenerateContactsOptions): { firstId: number; count: number } {
    const firstId = this.reserveIds(options.count);
    const block: GeneratedBlock = {
      block: this.blocks.length + 1,
      firstId,
      count: options.count,
      domain: (options.domain ?? 'example.com').toLowerCase(),
      createdAt: this.clock.now(),
      properties: { ...(options.properties ?? {}) },
    };
    this.blocks.push(block);
    this.segments.push({ first: firstId, count: options.count, generated: block });
    this.liveCount += options.count;
    return { firstId, count: options.count };
  }

  /** Returns up to `limit` contacts with ids above `afterId`, ascending. */
  page(afterId: number | undefined, limit: number): ContactRecord[] {
    const results: ContactRecord[] = [];
    for (const record of this.scan(afterId)) {
      results.push(record);
      if (results.length >= limit) break;
    }
    return results;
  }

  /** Iterates contacts in ascending id order, starting above `afterId`. */
  *scan(afterId?: number): Generator<ContactRecord> {
    const start = afterId === undefined ? -Infinity : afterId;
    let index = this.firstSegmentEndingAfter(start);
    for (; index < this.segments.length; index += 1) {
      const segment = this.segments[index] as IdSegment;
      const from = Math.max(segment.first, Math.floor(start) + 1);
      for (let id = from; id < segment.first + segment.count; id += 1) {
        const record = this.get(String(id));
        if (record !== undefined) yield record;
      }
    }
  }

  private firstSegmentEndingAfter(id: number): number {
    let low = 0;
    let high = this.segments.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const segment = this.segments[middle] as IdSegment;
      if (segment.first + segment.count - 1 <= id) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private generatedBlockOf(id: number): GeneratedBlock | undefined {
    const segment = this.segments[this.firstSegmentEndingAfter(id - 1)];
    if (segment === undefined || id < segment.first) return undefined;
    return segment.generated;
  }

  private generatedRecord(id: number): ContactRecord | undefined {
    if (!Number.isInteger(id) || this.deletedGenerated.has(id)) return undefined;
    const block = this.generatedBlockOf(id);
    if (block === undefined) return undefined;
    return {
      id: String(id),
      properties: generatedProperties(block, id - block.firstId),
      createdAt: block.createdAt,
      updatedAt: block.createdAt,
    };
  }

  private insert(record: ContactRecord): void {
    this.records.set(record.id, record);
    const email = record.properties['email'];
    if (email !== undefined) this.emailIndex.set(email, record.id);
  }

  private removeFromEmailIndex(record: ContactRecord): void {
    const email = record.properties['email'];
    if (email !== undefined && this.emailIndex.get(email) === record.id) this.emailIndex.delete(email);
  }

  private appendExplicitId(id: number): void {
    const last = this.segments[this.segments.length - 1];
    if (last !== undefined && last.generated === undefined && last.first + last.count === id) {
      last.count += 1;
      return;
    }
    this.segments.push({ first: id, count: 1 });
  }
}

/** Applies `changes` to `base`: lower-cases email and drops properties set to an empty string. */
function normalize(
  base: Readonly<Record<string, string>>,
  changes: Readonly<Record<string, string>>,
): Record<string, string> {
  const result: Record<string, string> = { ...base };
  for (const [name, value] of Object.entries(changes)) {
    if (value === '') delete result[name];
    else result[name] = name === 'email' ? value.trim().toLowerCase() : value;
  }
  return result;
}
