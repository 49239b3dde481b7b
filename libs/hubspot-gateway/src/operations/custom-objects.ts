import type { SimplePublicUpsertObject } from '@hubspot/api-client/lib/codegen/crm/objects/index.js';
import type { ObjectSchema, ObjectSchemaEgg } from '@hubspot/api-client/lib/codegen/crm/schemas/index.js';

import { BATCH_LIMITS, runBatch } from '../batch.js';
import type { BatchOutcome } from '../batch-outcomes.js';
import type { CallOptions, HubSpotConnection } from '../connection.js';
import { HubSpotError } from '../errors.js';
import { batchReplyOf } from './batch-reply.js';

/**
 * Lists the portal's custom object schemas (`GET /crm-object-schemas/v3/schemas`). A portal
 * without an Enterprise subscription responds with an empty list.
 */
export async function listSchemas(
  connection: HubSpotConnection,
  options?: CallOptions,
): Promise<ObjectSchema[]> {
  const { data } = await connection.call(
    { operation: 'schemas.list', idempotent: true },
    (client) => client.crm.schemas.coreApi.getAll(false),
    options,
  );
  return data.results;
}

/** Reads a schema by objectTypeId (`2-…`) or fully qualified name; HUBSPOT_NOT_FOUND when absent. */
export async function getSchema(
  connection: HubSpotConnection,
  objectType: string,
  options?: CallOptions,
): Promise<ObjectSchema> {
  const { data } = await connection.call(
    { operation: 'schemas.get', idempotent: true },
    (client) => client.crm.schemas.coreApi.getById(objectType),
    options,
  );
  return data;
}

/** Finds a schema by its `name` (the immutable base name), or undefined. */
export async function findSchemaByName(
  connection: HubSpotConnection,
  name: string,
  options?: CallOptions,
): Promise<ObjectSchema | undefined> {
  const schemas = await listSchemas(connection, options);
  return schemas.find((schema) => schema.name === name);
}

/**
 * Creates a custom object schema (`POST /crm-object-schemas/v3/schemas`). Schema create is not
 * idempotent, so when its outcome is unknown (timeout, dropped connection, 5xx) or HubSpot reports
 * a conflict, the schema is looked up by name first. Only when the lookup finds nothing is the
 * create sent again, at most once.
 */
export async function createSchema(
  connection: HubSpotConnection,
  schema: ObjectSchemaEgg,
  options?: CallOptions,
): Promise<ObjectSchema> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const { data } = await connection.call(
        { operation: 'schemas.create', idempotent: false },
        (client) => client.crm.schemas.coreApi.create(schema),
        options,
      );
      return data;
    } catch (error) {
      const ambiguous =
        error instanceof HubSpotError && (error.outcomeUnknown || error.code === 'HUBSPOT_CONFLICT');
      if (!ambiguous) {
        throw error;
      }

      const existing = await findSchemaByName(connection, schema.name, options);
      if (existing !== undefined) {
        connection.logger.info(
          {
            operation: 'schemas.create',
            name: schema.name,
            objectTypeId: existing.objectTypeId,
            code: error.code,
          },
          'resolved ambiguous schema create by lookup',
        );
        return existing;
      }
      if (attempt >= 2 || error.code === 'HUBSPOT_CONFLICT') {
        throw error;
      }
    }
  }
}

export interface RecordUpsert {
  /** Value of the unique property that identifies the record. */
  id: string;
  properties: Record<string, string>;
}

export interface RecordUpsertRequest {
  /** objectTypeId (`2-…`) or fully qualified name (`p<portalId>_<name>`), never the base name. */
  objectType: string;
  /** A property with `hasUniqueValue: true`. */
  idProperty: string;
  inputs: readonly RecordUpsert[];
}

/**
 * Creates or updates custom object records by a unique property in batches of 100
 * (`POST /crm/v3/objects/{objectType}/batch/upsert`). Upsert inputs cannot carry associations:
 * create them afterwards with `createAssociations`.
 */
export async function upsertRecords(
  connection: HubSpotConnection,
  request: RecordUpsertRequest,
  options?: CallOptions,
): Promise<BatchOutcome<RecordUpsert, SimplePublicUpsertObject>[]> {
  return runBatch<RecordUpsert, SimplePublicUpsertObject>({
    inputs: request.inputs,
    maxBatchSize: BATCH_LIMITS.customObjectRecords,
    context: { operation: 'objects.batch.upsert', portalId: connection.portalId },
    mapping: {
      inputKeys: (input) => [input.id],
      resultKeys: (result) => {
        const value = result.properties[request.idProperty];
        return typeof value === 'string' ? [value] : [];
      },
      resultTraceId: (result) => result.objectWriteTraceId,
    },
    send: async (part) => {
      const call = await connection.call(
        { operation: 'objects.batch.upsert', idempotent: true },
        (client) =>
          client.crm.objects.batchApi.upsert(request.objectType, {
            inputs: part.map(({ input, traceId }) => ({
              id: input.id,
              idProperty: request.idProperty,
              properties: { ...input.properties, [request.idProperty]: input.id },
              objectWriteTraceId: traceId,
            })),
          }),
        options,
      );
      return batchReplyOf(call);
    },
  });
}
