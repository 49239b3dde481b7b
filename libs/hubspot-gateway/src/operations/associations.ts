import type {
  AssociationSpec,
  AssociationSpecWithLabel,
  LabelsBetweenObjectPair,
} from '@hubspot/api-client/lib/codegen/crm/associations/v4/index.js';

import { BATCH_LIMITS, runBatch } from '../batch.js';
import type { BatchOutcome } from '../batch-outcomes.js';
import type { CallOptions, HubSpotConnection } from '../connection.js';
import { batchReplyOf } from './batch-reply.js';

/**
 * Reads the association types from one object type to another
 * (`GET /crm/v4/associations/{from}/{to}/labels`). Type ids of custom objects differ per portal
 * and per direction, so read them here instead of hard-coding them.
 */
export async function getAssociationTypes(
  connection: HubSpotConnection,
  request: { fromObjectType: string; toObjectType: string },
  options?: CallOptions,
): Promise<AssociationSpecWithLabel[]> {
  const { data } = await connection.call(
    { operation: 'associations.labels', idempotent: true },
    (client) =>
      client.crm.associations.v4.schema.definitionsApi.getAll(request.fromObjectType, request.toObjectType),
    options,
  );
  return data.results;
}

export interface AssociationInput {
  fromId: string;
  toId: string;
  types: AssociationSpec[];
}

export interface AssociationRequest {
  fromObjectType: string;
  toObjectType: string;
  inputs: readonly AssociationInput[];
}

/**
 * Creates typed associations in batches of 100 (`POST /crm/v4/associations/{from}/{to}/batch/create`).
 * Creating an association that exists is expected to succeed without a duplicate, so the call
 * counts as idempotent. Outcomes are matched by the `from` record id.
 */
export async function createAssociations(
  connection: HubSpotConnection,
  request: AssociationRequest,
  options?: CallOptions,
): Promise<BatchOutcome<AssociationInput, LabelsBetweenObjectPair>[]> {
  return runBatch<AssociationInput, LabelsBetweenObjectPair>({
    inputs: request.inputs,
    maxBatchSize: BATCH_LIMITS.associations,
    context: { operation: 'associations.batch.create', portalId: connection.portalId },
    mapping: { inputKeys: (input) => [input.fromId], resultKeys: (result) => [result.fromObjectId] },
    send: async (part) => {
      const call = await connection.call(
        { operation: 'associations.batch.create', idempotent: true },
        (client) =>
          client.crm.associations.v4.batchApi.create(request.fromObjectType, request.toObjectType, {
            inputs: part.map(({ input }) => ({
              _from: { id: input.fromId },
              to: { id: input.toId },
              types: input.types,
            })),
          }),
        options,
      );
      return batchReplyOf(call);
    },
  });
}
