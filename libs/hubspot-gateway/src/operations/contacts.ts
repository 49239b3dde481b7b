import type {
  SimplePublicObject,
  SimplePublicUpsertObject,
} from '@hubspot/api-client/lib/codegen/crm/contacts/index.js';

import { BATCH_LIMITS, runBatch } from '../batch.js';
import type { BatchOutcome } from '../batch-outcomes.js';
import type { CallOptions, HubSpotConnection } from '../connection.js';
import { batchReplyOf } from './batch-reply.js';

export interface ContactReadRequest {
  ids: readonly string[];
  /** Property names to return; HubSpot adds `hs_object_id`, `createdate` and `lastmodifieddate`. */
  properties: readonly string[];
}

/**
 * Reads contacts by record id in batches of 100 (`POST /crm/v3/objects/contacts/batch/read`).
 * Ids that no longer exist (stale list members) fail with HUBSPOT_NOT_FOUND.
 */
export async function readContactsByIds(
  connection: HubSpotConnection,
  request: ContactReadRequest,
  options?: CallOptions,
): Promise<BatchOutcome<string, SimplePublicObject>[]> {
  return runBatch<string, SimplePublicObject>({
    inputs: request.ids,
    maxBatchSize: BATCH_LIMITS.contacts,
    context: { operation: 'contacts.batch.read', portalId: connection.portalId },
    mapping: { inputKeys: (id) => [id], resultKeys: (result) => [result.id] },
    send: async (part) => {
      const call = await connection.call(
        { operation: 'contacts.batch.read', idempotent: true },
        (client) =>
          client.crm.contacts.batchApi.read(
            {
              inputs: part.map(({ input }) => ({ id: input })),
              properties: [...request.properties],
              propertiesWithHistory: [],
            },
            false,
          ),
        options,
      );
      return batchReplyOf(call);
    },
  });
}

export interface ContactUpsert {
  /** The contact's email; HubSpot matches it case-insensitively and creates the contact if absent. */
  email: string;
  /** Property values as HubSpot strings (`"true"`, epoch ms, `;`-joined options). */
  properties: Record<string, string>;
}

/**
 * Creates or updates contacts by email in batches of 100 (`POST /crm/v3/objects/contacts/batch/upsert`).
 * Upserting instead of creating makes a repeated call harmless, so an ambiguous failure can be
 * retried. Each input carries an `objectWriteTraceId` so that errors map back to it.
 */
export async function upsertContactsByEmail(
  connection: HubSpotConnection,
  inputs: readonly ContactUpsert[],
  options?: CallOptions,
): Promise<BatchOutcome<ContactUpsert, SimplePublicUpsertObject>[]> {
  return runBatch<ContactUpsert, SimplePublicUpsertObject>({
    inputs,
    maxBatchSize: BATCH_LIMITS.contacts,
    context: { operation: 'contacts.batch.upsert', portalId: connection.portalId },
    mapping: {
      inputKeys: (input) => [input.email.trim().toLowerCase()],
      resultKeys: (result) => (result.properties['email'] ? [result.properties['email']] : []),
      resultTraceId: (result) => result.objectWriteTraceId,
    },
    send: async (part) => {
      const call = await connection.call(
        { operation: 'contacts.batch.upsert', idempotent: true },
        (client) =>
          client.crm.contacts.batchApi.upsert({
            inputs: part.map(({ input, traceId }) => ({
              id: input.email.trim(),
              idProperty: 'email',
              properties: { ...input.properties, email: input.email.trim() },
              objectWriteTraceId: traceId,
            })),
          }),
        options,
      );
      return batchReplyOf(call);
    },
  });
}
