import { forcedItemError, hasUniqueTraceIds, toBatchItemError, type BatchItemError } from '../http/batch.js';
import { duplicateIds, notFound, validationError, type HubSpotHttpError } from '../http/hubspot-errors.js';
import type { CustomObjectSchema } from './custom-objects.js';
import type { CustomObjectRecord, PendingUniqueValues } from './custom-objects-records.js';
import { recordExists, type PortalObjects } from './custom-objects-portal.js';
import type { AssociationType } from './associations-types.js';

/** An association written together with a new record, as batch create accepts it. */
export interface InlineAssociation {
  to: { id: string };
  types: Array<{ associationCategory: string; associationTypeId: number }>;
}

export interface CreateInput {
  properties: Record<string, string>;
  associations?: InlineAssociation[];
  objectWriteTraceId?: string;
}

export interface UpsertInput {
  id: string;
  /** A property with `hasUniqueValue: true`; `hs_object_id` (the default) matches record ids. */
  idProperty?: string;
  properties: Record<string, string>;
  objectWriteTraceId?: string;
}

export interface BatchOutcome<T> {
  results: T[];
  errors: BatchItemError[];
}

export interface UpsertResult {
  record: CustomObjectRecord;
  created: boolean;
}

/** Options shared by the batch writers. */
export interface BatchOptions {
  /** Returns true when a fault forces the input with this key (trace id or id) to fail. */
  isForcedFailure?: (inputKey: string) => boolean;
}

/**
 * Creates records with their inline associations. Without trace ids, every input is checked
 * before any is written, and the first problem is thrown. With trace ids, each input succeeds
 * or fails on its own.
 */
export function batchCreate(
  objects: PortalObjects,
  schema: CustomObjectSchema,
  inputs: readonly CreateInput[],
  options: BatchOptions = {},
): BatchOutcome<CustomObjectRecord> {
  const checkInput = (input: CreateInput, pending: PendingUniqueValues): HubSpotHttpError | undefined =>
    objects.records.checkCreate(schema, input.properties, pending) ??
    resolveInlineAssociations(objects, schema, input.associations ?? []).error;

  const write = (input: CreateInput): CustomObjectRecord => {
    const record = objects.records.create(schema, input.properties);
    const { types } = resolveInlineAssociations(objects, schema, input.associations ?? []);
    for (const { to, type } of types) {
      objects.associations.associate({ objectTypeId: schema.objectTypeId, id: record.id }, to, type);
    }
    return record;
  };

  return runBatch(inputs, {
    keyOf: (input) => input.objectWriteTraceId ?? '',
    check: checkInput,
    claim: (input, pending, marker) => claimUniqueValues(schema, input.properties, pending, marker),
    write,
    isForcedFailure: options.isForcedFailure,
  });
}

/**
 * Creates or updates records matched by `idProperty`. Throws 400 for an `idProperty` without
 * unique values and for the same id twice; other failures behave as in `batchCreate`.
 */
export function batchUpsert(
  objects: PortalObjects,
  schema: CustomObjectSchema,
  inputs: readonly UpsertInput[],
  options: BatchOptions = {},
): BatchOutcome<UpsertResult> {
  for (const input of inputs) checkIdProperty(schema, input.idProperty ?? 'hs_object_id');
  rejectDuplicateIds(inputs);

  const valuesOf = (input: UpsertInput): Record<string, string> => {
    const idProperty = input.idProperty ?? 'hs_object_id';
    return idProperty === 'hs_object_id' ? input.properties : { ...input.properties, [idProperty]: input.id };
  };
  const existingOf = (input: UpsertInput): CustomObjectRecord | undefined =>
    objects.records.findByProperty(schema, input.idProperty ?? 'hs_object_id', input.id);

  return runBatch(inputs, {
    keyOf: (input) => input.objectWriteTraceId ?? input.id,
    check: (input, pending) => {
      const existing = existingOf(input);
      if (existing !== undefined)
        return objects.records.checkUpdate(schema, existing, valuesOf(input), pending);
      if ((input.idProperty ?? 'hs_object_id') === 'hs_object_id') {
        return notFound(`No ${schema.name} record has id ${input.id}.`, { ids: [input.id] });
      }
      return objects.records.checkCreate(schema, valuesOf(input), pending);
    },
    claim: (input, pending, marker) =>
      claimUniqueValues(schema, valuesOf(input), pending, existingOf(input)?.id ?? marker),
    write: (input) => {
      const existing = existingOf(input);
      if (existing !== undefined) {
        return { record: objects.records.update(schema, existing, valuesOf(input)), created: false };
      }
      return { record: objects.records.create(schema, valuesOf(input)), created: true };
    },
    isForcedFailure: options.isForcedFailure,
  });
}

interface BatchSteps<I, R> {
  keyOf: (input: I) => string;
  check: (input: I, pending: PendingUniqueValues) => HubSpotHttpError | undefined;
  claim: (input: I, pending: PendingUniqueValues, marker: string) => void;
  write: (input: I) => R;
  isForcedFailure: ((inputKey: string) => boolean) | undefined;
}

function runBatch<I extends { objectWriteTraceId?: string }, R>(
  inputs: readonly I[],
  steps: BatchSteps<I, R>,
): BatchOutcome<R> {
  // HubSpot reports failed inputs one by one (207) only when every input carries its own
  // objectWriteTraceId; otherwise the first failure fails the whole request.
  if (!hasUniqueTraceIds(inputs)) {
    const pending: PendingUniqueValues = new Map();
    for (const [index, input] of inputs.entries()) {
      if (steps.isForcedFailure?.(steps.keyOf(input)) === true) {
        throw validationError(
          `Simulated failure for input ${steps.keyOf(input)} (sandbox partial-failure fault).`,
        );
      }
      const problem = steps.check(input, pending);
      if (problem !== undefined) throw problem;
      steps.claim(input, pending, `input-${index}`);
    }
    return { results: inputs.map((input) => steps.write(input)), errors: [] };
  }

  const outcome: BatchOutcome<R> = { results: [], errors: [] };
  for (const input of inputs) {
    if (steps.isForcedFailure?.(steps.keyOf(input)) === true) {
      outcome.errors.push(forcedItemError(steps.keyOf(input), traceContext(input)));
      continue;
    }
    const problem = steps.check(input, new Map());
    if (problem !== undefined) {
      outcome.errors.push(toBatchItemError(problem, traceContext(input)));
      continue;
    }
    outcome.results.push(steps.write(input));
  }
  return outcome;
}

function traceContext(input: { objectWriteTraceId?: string }): Record<string, string[]> {
  return input.objectWriteTraceId === undefined ? {} : { objectWriteTraceId: [input.objectWriteTraceId] };
}

function claimUniqueValues(
  schema: CustomObjectSchema,
  properties: Readonly<Record<string, string>>,
  pending: PendingUniqueValues,
  marker: string,
): void {
  for (const property of schema.properties.values()) {
    const value = properties[property.name];
    if (property.hasUniqueValue && !property.hubspotDefined && value !== undefined && value !== '') {
      pending.set(`${property.name}/${value}`, marker);
    }
  }
}

function checkIdProperty(schema: CustomObjectSchema, idProperty: string): void {
  if (idProperty === 'hs_object_id') return;
  const property = schema.properties.get(idProperty);
  if (property === undefined || !property.hasUniqueValue) {
    // HubSpot's wording as reported for contacts, with the object type id in place of 0-1.
    throw validationError(`Unable to perform update/upsert by non-unique ${schema.objectTypeId} property`, {
      context: { idProperty: [idProperty] },
    });
  }
}

function rejectDuplicateIds(inputs: readonly UpsertInput[]): void {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const input of inputs) {
    const key = `${input.idProperty ?? 'hs_object_id'}/${input.id}`;
    if (seen.has(key)) duplicates.add(input.id);
    seen.add(key);
  }
  if (duplicates.size > 0) throw duplicateIds([...duplicates]);
}

/** Resolves inline associations to types and target records, or returns the 400 for the first invalid one. */
function resolveInlineAssociations(
  objects: PortalObjects,
  schema: CustomObjectSchema,
  associations: readonly InlineAssociation[],
): {
  types: Array<{ to: { objectTypeId: string; id: string }; type: AssociationType }>;
  error?: HubSpotHttpError;
} {
  const types: Array<{ to: { objectTypeId: string; id: string }; type: AssociationType }> = [];
  for (const association of associations) {
    for (const spec of association.types) {
      const type = objects.associationTypes.findFrom(schema.objectTypeId, spec.associationTypeId);
      if (type === undefined || type.category !== spec.associationCategory) {
        const error = validationError(
          `Association type ${spec.associationCategory} ${spec.associationTypeId} is not defined from ${schema.objectTypeId}. Read the valid type ids from GET /crm/v4/associations/${schema.objectTypeId}/{toObjectType}/labels.`,
          { context: { associationTypeId: [String(spec.associationTypeId)] } },
        );
        return { types, error };
      }
      if (!recordExists(objects, type.toObjectTypeId, association.to.id)) {
        // NOTE: HubSpot does not document the error for a missing association target; the sandbox returns 400.
        const error = validationError(
          `Cannot associate with ${type.toObjectTypeId} record ${association.to.id} because it does not exist.`,
          { context: { ids: [association.to.id] } },
        );
        return { types, error };
      }
      types.push({ to: { objectTypeId: type.toObjectTypeId, id: association.to.id }, type });
    }
  }
  return { types };
}
