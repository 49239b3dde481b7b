import { z } from 'zod';
import type { RouteModule } from '../context.js';
import { decodeCursor, encodeCursor } from '../http/cursors.js';
import { batchTooLarge } from '../http/hubspot-errors.js';
import { batchItemError, batchResponse, type BatchItemError } from '../http/batch.js';
import { parseBody, queryInteger, queryString } from '../http/params.js';
import type { AssociationType } from '../state/associations-types.js';
import { recordExists, type PortalObjects } from '../state/custom-objects-portal.js';
import {
  authorizeAssociation,
  labelsBetween,
  requireDefaultType,
  requireRecord,
  resolveTypes,
} from './associations-shared.js';

const PAIR_BASE = '/crm/v4/associations/:fromObjectType/:toObjectType';
const RECORD_BASE = '/crm/v4/objects/:objectType/:objectId/associations';

/** Maximum inputs of a v4 batch create. Integrators report 2,000, but HubSpot's reference does not state it. */
const MAX_BATCH_CREATE = 2000;
/** Maximum inputs of a v4 batch read, raised to 1,000 in HubSpot's February 2025 changelog. */
const MAX_BATCH_READ = 1000;
/** Page size of `GET …/associations/{toObjectType}`: at most 500 per call. */
const MAX_PAGE = 500;

type PairParams = { Params: { fromObjectType: string; toObjectType: string } };
type RecordPairParams = {
  Params: { objectType: string; objectId: string; toObjectType: string; toObjectId: string };
};

const objectIdSchema = z.looseObject({ id: z.union([z.string(), z.number()]).transform(String) });
const specSchema = z.looseObject({
  associationCategory: z.string().min(1),
  associationTypeId: z.number().int(),
});
const defaultBatchSchema = z.object({
  inputs: z.array(z.looseObject({ from: objectIdSchema, to: objectIdSchema })),
});
const typedBatchSchema = z.object({
  inputs: z.array(
    z.looseObject({ from: objectIdSchema, to: objectIdSchema, types: z.array(specSchema).min(1) }),
  ),
});
const readBatchSchema = z.object({
  inputs: z.array(
    z.looseObject({ id: z.union([z.string(), z.number()]).transform(String), after: z.string().optional() }),
  ),
});

function spec(type: AssociationType) {
  return { associationCategory: type.category, associationTypeId: type.typeId };
}

function labelSpec(type: AssociationType) {
  return { category: type.category, typeId: type.typeId, label: type.label };
}

function missingRecordError(objectTypeId: string, ids: string[]): BatchItemError {
  return batchItemError('OBJECT_NOT_FOUND', `No ${objectTypeId} record has id ${ids.join(', ')}.`, { ids });
}

/** Ids among `from` and `to` that do not exist, each tagged with its object type. */
function findMissing(
  objects: PortalObjects,
  from: { objectTypeId: string; id: string },
  to: { objectTypeId: string; id: string },
) {
  return [from, to].filter((ref) => !recordExists(objects, ref.objectTypeId, ref.id));
}

/**
 * Associations v4: the labels (types) between two object types, default and typed
 * associations one at a time or in batches, reading a record's associations page by page, and
 * removing the associations between two records. Writing an existing association again
 * succeeds without creating a duplicate.
 */
export const associationRoutes: RouteModule = (app, ctx) => {
  app.get<PairParams>(`${PAIR_BASE}/labels`, async (request, reply) => {
    const { objects, fromTypeId, toTypeId } = authorizeAssociation(ctx, request, 'read', {
      from: request.params.fromObjectType,
      to: request.params.toObjectType,
    });
    return reply
      .code(200)
      .send({ results: objects.associationTypes.list(fromTypeId, toTypeId).map(labelSpec) });
  });

  app.put<RecordPairParams>(
    `/crm/v4/objects/:objectType/:objectId/associations/default/:toObjectType/:toObjectId`,
    async (request, reply) => {
      const { objects, fromTypeId, toTypeId } = authorizeAssociation(ctx, request, 'write', {
        from: request.params.objectType,
        to: request.params.toObjectType,
      });
      const type = requireDefaultType(objects, fromTypeId, toTypeId);
      const from = { objectTypeId: fromTypeId, id: request.params.objectId };
      const to = { objectTypeId: toTypeId, id: request.params.toObjectId };
      requireRecord(objects, from.objectTypeId, from.id);
      requireRecord(objects, to.objectTypeId, to.id);

      const startedAt = ctx.clock.now();
      objects.associations.associate(from, to, type);
      const result = { from: { id: from.id }, to: { id: to.id }, associationSpec: spec(type) };
      return reply.code(200).send(batchResponse([result], [], startedAt, ctx.clock.now()));
    },
  );

  app.put<RecordPairParams>(`${RECORD_BASE}/:toObjectType/:toObjectId`, async (request, reply) => {
    const { objects, fromTypeId, toTypeId } = authorizeAssociation(ctx, request, 'write', {
      from: request.params.objectType,
      to: request.params.toObjectType,
    });
    const specs = parseBody(z.array(specSchema).min(1), request.body);
    const types = resolveTypes(objects, fromTypeId, toTypeId, specs);
    const from = { objectTypeId: fromTypeId, id: request.params.objectId };
    const to = { objectTypeId: toTypeId, id: request.params.toObjectId };
    requireRecord(objects, from.objectTypeId, from.id);
    requireRecord(objects, to.objectTypeId, to.id);

    for (const type of types) objects.associations.associate(from, to, type);
    return reply.code(201).send({
      fromObjectTypeId: fromTypeId,
      fromObjectId: from.id,
      toObjectTypeId: toTypeId,
      toObjectId: to.id,
      labels: labelsBetween(objects, from, to),
    });
  });

  app.delete<RecordPairParams>(`${RECORD_BASE}/:toObjectType/:toObjectId`, async (request, reply) => {
    const { objects, fromTypeId, toTypeId } = authorizeAssociation(ctx, request, 'write', {
      from: request.params.objectType,
      to: request.params.toObjectType,
    });
    objects.associations.removeBetween(
      { objectTypeId: fromTypeId, id: request.params.objectId },
      { objectTypeId: toTypeId, id: request.params.toObjectId },
    );
    return reply.code(204).send();
  });

  app.get<{ Params: { objectType: string; objectId: string; toObjectType: string } }>(
    `${RECORD_BASE}/:toObjectType`,
    async (request, reply) => {
      const { objects, fromTypeId, toTypeId } = authorizeAssociation(ctx, request, 'read', {
        from: request.params.objectType,
        to: request.params.toObjectType,
      });
      const limit = queryInteger(request, 'limit', { defaultValue: MAX_PAGE, min: 1, max: MAX_PAGE });
      const after = queryString(request, 'after');
      const afterId = after === undefined ? undefined : decodeCursor('associations', after, 'after');

      const linked = objects.associations.list(
        { objectTypeId: fromTypeId, id: request.params.objectId },
        toTypeId,
      );
      const remaining =
        afterId === undefined ? linked : linked.filter((record) => Number(record.toObjectId) > afterId);
      const page = remaining.slice(0, limit);
      const last = page[page.length - 1];
      const nextAfter =
        remaining.length > limit && last !== undefined
          ? encodeCursor('associations', Number(last.toObjectId))
          : undefined;
      const path = `/crm/v4/objects/${request.params.objectType}/${request.params.objectId}/associations/${request.params.toObjectType}`;
      return reply.code(200).send({
        results: page.map((record) => ({
          toObjectId: record.toObjectId,
          associationTypes: record.types.map(labelSpec),
        })),
        ...(nextAfter === undefined
          ? {}
          : { paging: { next: { after: nextAfter, link: `${path}?limit=${limit}&after=${nextAfter}` } } }),
      });
    },
  );

  app.post<PairParams>(`${PAIR_BASE}/batch/associate/default`, async (request, reply) => {
    const { objects, fromTypeId, toTypeId } = authorizeAssociation(ctx, request, 'write', {
      from: request.params.fromObjectType,
      to: request.params.toObjectType,
    });
    const { inputs } = parseBody(defaultBatchSchema, request.body);
    if (inputs.length > MAX_BATCH_CREATE) throw batchTooLarge(inputs.length, MAX_BATCH_CREATE);
    const type = requireDefaultType(objects, fromTypeId, toTypeId);

    const startedAt = ctx.clock.now();
    const results: unknown[] = [];
    const errors: BatchItemError[] = [];
    for (const input of inputs) {
      const from = { objectTypeId: fromTypeId, id: input.from.id };
      const to = { objectTypeId: toTypeId, id: input.to.id };
      const missing = findMissing(objects, from, to);
      if (missing.length > 0) {
        errors.push(
          missingRecordError(
            missing[0]?.objectTypeId ?? fromTypeId,
            missing.map((ref) => ref.id),
          ),
        );
        continue;
      }
      objects.associations.associate(from, to, type);
      results.push({ from: { id: from.id }, to: { id: to.id }, associationSpec: spec(type) });
    }
    // NOTE: SDK 14 declares only 200 for this endpoint, so failed inputs are reported in a 200 body.
    return reply.code(200).send(batchResponse(results, errors, startedAt, ctx.clock.now()));
  });

  app.post<PairParams>(`${PAIR_BASE}/batch/create`, async (request, reply) => {
    const { objects, fromTypeId, toTypeId } = authorizeAssociation(ctx, request, 'write', {
      from: request.params.fromObjectType,
      to: request.params.toObjectType,
    });
    const { inputs } = parseBody(typedBatchSchema, request.body);
    if (inputs.length > MAX_BATCH_CREATE) throw batchTooLarge(inputs.length, MAX_BATCH_CREATE);
    const typesPerInput = inputs.map((input) => resolveTypes(objects, fromTypeId, toTypeId, input.types));

    const startedAt = ctx.clock.now();
    const results: unknown[] = [];
    const errors: BatchItemError[] = [];
    for (const [index, input] of inputs.entries()) {
      const from = { objectTypeId: fromTypeId, id: input.from.id };
      const to = { objectTypeId: toTypeId, id: input.to.id };
      const missing = findMissing(objects, from, to);
      if (missing.length > 0) {
        errors.push(
          missingRecordError(
            missing[0]?.objectTypeId ?? fromTypeId,
            missing.map((ref) => ref.id),
          ),
        );
        continue;
      }
      for (const type of typesPerInput[index] ?? []) objects.associations.associate(from, to, type);
      results.push({
        fromObjectTypeId: fromTypeId,
        fromObjectId: from.id,
        toObjectTypeId: toTypeId,
        toObjectId: to.id,
        labels: labelsBetween(objects, from, to),
      });
    }
    const body = batchResponse(results, errors, startedAt, ctx.clock.now());
    return reply.code(errors.length > 0 ? 207 : 201).send(body);
  });

  app.post<PairParams>(`${PAIR_BASE}/batch/read`, async (request, reply) => {
    const { objects, fromTypeId, toTypeId } = authorizeAssociation(ctx, request, 'read', {
      from: request.params.fromObjectType,
      to: request.params.toObjectType,
    });
    const { inputs } = parseBody(readBatchSchema, request.body);
    if (inputs.length > MAX_BATCH_READ) throw batchTooLarge(inputs.length, MAX_BATCH_READ);

    const startedAt = ctx.clock.now();
    const results: unknown[] = [];
    const errors: BatchItemError[] = [];
    for (const input of inputs) {
      if (!recordExists(objects, fromTypeId, input.id)) {
        errors.push(missingRecordError(fromTypeId, [input.id]));
        continue;
      }
      const linked = objects.associations.list({ objectTypeId: fromTypeId, id: input.id }, toTypeId);
      results.push({
        from: { id: input.id },
        to: linked.map((record) => ({
          toObjectId: record.toObjectId,
          associationTypes: record.types.map(labelSpec),
        })),
      });
    }
    const body = batchResponse(results, errors, startedAt, ctx.clock.now());
    return reply.code(errors.length > 0 ? 207 : 200).send(body);
  });
};
