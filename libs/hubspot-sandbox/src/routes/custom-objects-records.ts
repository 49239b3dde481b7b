import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuthContext, RouteModule, SandboxContext } from '../context.js';
import { batchTooLarge, notFound, validationError } from '../http/hubspot-errors.js';
import { batchItemError, batchResponse, type BatchItemError } from '../http/batch.js';
import { parseBody, queryList, queryString } from '../http/params.js';
import { batchCreate, batchUpsert } from '../state/custom-objects-batch.js';
import type { CustomObjectSchema } from '../state/custom-objects.js';
import { portalObjects, resolveObjectType, type PortalObjects } from '../state/custom-objects-portal.js';
import { hasCustomObjects } from './custom-objects-schemas.js';
import { recordResponse } from './custom-objects-responses.js';
import { associationsForRead } from './associations-shared.js';

const OBJECTS_BASE = '/crm/v3/objects/:objectType';
const READ_SCOPES = { anyOf: ['crm.objects.custom.read'] } as const;
const WRITE_SCOPES = { anyOf: ['crm.objects.custom.write'] } as const;
const MAX_BATCH_INPUTS = 100;

type TypeParams = { Params: { objectType: string } };

/** Property values are strings in HubSpot's API. Numbers and booleans are accepted and converted to strings. */
const propertyValues = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String));

const inlineAssociationSchema = z.looseObject({
  to: z.looseObject({ id: z.union([z.string(), z.number()]).transform(String) }),
  types: z.array(
    z.looseObject({ associationCategory: z.string().min(1), associationTypeId: z.number().int() }),
  ),
});

const createInputSchema = z.looseObject({
  properties: propertyValues,
  associations: z.array(inlineAssociationSchema).optional(),
  objectWriteTraceId: z.string().optional(),
});

const upsertInputSchema = z.looseObject({
  id: z.string().min(1),
  idProperty: z.string().optional(),
  properties: propertyValues,
  objectWriteTraceId: z.string().optional(),
});

const readBodySchema = z.looseObject({
  inputs: z.array(z.looseObject({ id: z.union([z.string(), z.number()]).transform(String) })),
  properties: z.array(z.string()).optional(),
  propertiesWithHistory: z.array(z.string()).optional(),
  idProperty: z.string().optional(),
});

/**
 * Resolves the path's object type to a custom object schema the caller can use. Throws 400
 * with HubSpot's "Unable to infer object type" message for unknown types, which includes every
 * custom type of a portal without Enterprise.
 * NOTE: `/crm/v3/objects/0-1/…` lands here and gets this 400, because the contact routes are
 * registered for the literal `contacts` only. Other standard types are not simulated.
 */
function requireCustomType(
  auth: AuthContext,
  objects: PortalObjects,
  objectType: string,
): CustomObjectSchema {
  const resolved = hasCustomObjects(auth) ? resolveObjectType(objects, objectType) : undefined;
  if (resolved?.kind === 'custom') return resolved.schema;
  throw validationError(`Unable to infer object type from: ${objectType}`, {
    context: { objectType: [objectType] },
  });
}

function authorize(
  ctx: SandboxContext,
  request: FastifyRequest<TypeParams>,
  scopes: typeof READ_SCOPES | typeof WRITE_SCOPES,
) {
  const auth = ctx.requireAuth(request, scopes);
  const objects = portalObjects(ctx, auth.portalId);
  return { auth, objects, schema: requireCustomType(auth, objects, request.params.objectType) };
}

function parseInputs<Schema extends z.ZodType>(schema: Schema, body: unknown): Array<z.infer<Schema>> {
  const { inputs } = parseBody(z.looseObject({ inputs: z.array(schema) }), body);
  if (inputs.length > MAX_BATCH_INPUTS) throw batchTooLarge(inputs.length, MAX_BATCH_INPUTS);
  return inputs;
}

/** Throws 400 when an upsert input carries `associations`, which HubSpot's upsert input does not have. */
function rejectUpsertAssociations(body: unknown): void {
  const inputs = (body as { inputs?: unknown[] } | undefined)?.inputs ?? [];
  const index = inputs.findIndex(
    (input) => typeof input === 'object' && input !== null && 'associations' in input,
  );
  if (index >= 0) {
    throw validationError(
      `inputs.${index}.associations is not allowed: batch upsert cannot create associations. Associate the records afterwards through the v4 associations API.`,
      { context: { field: [`inputs.${index}.associations`] } },
    );
  }
}

/** Custom object records: batch create, upsert and read, single create and read. */
export const customObjectRecordRoutes: RouteModule = (app, ctx) => {
  app.post<TypeParams>(`${OBJECTS_BASE}/batch/create`, async (request, reply) => {
    const { objects, schema } = authorize(ctx, request, WRITE_SCOPES);
    const inputs = parseInputs(createInputSchema, request.body);

    const startedAt = ctx.clock.now();
    const outcome = batchCreate(objects, schema, inputs, {
      isForcedFailure: (key) => ctx.isForcedInputFailure(request, key),
    });
    const results = outcome.results.map((record) => recordResponse(record, objects.records.viewAll(record)));
    const body = batchResponse(results, outcome.errors, startedAt, ctx.clock.now());
    return reply.code(outcome.errors.length > 0 ? 207 : 201).send(body);
  });

  app.post<TypeParams>(`${OBJECTS_BASE}/batch/upsert`, async (request, reply) => {
    const { objects, schema } = authorize(ctx, request, WRITE_SCOPES);
    rejectUpsertAssociations(request.body);
    const inputs = parseInputs(upsertInputSchema, request.body);

    const startedAt = ctx.clock.now();
    const outcome = batchUpsert(objects, schema, inputs, {
      isForcedFailure: (key) => ctx.isForcedInputFailure(request, key),
    });
    const results = outcome.results.map(({ record, created }) => ({
      ...recordResponse(record, objects.records.viewAll(record)),
      new: created,
    }));
    const body = batchResponse(results, outcome.errors, startedAt, ctx.clock.now());
    return reply.code(outcome.errors.length > 0 ? 207 : 200).send(body);
  });

  app.post<TypeParams>(`${OBJECTS_BASE}/batch/read`, async (request, reply) => {
    const { objects, schema } = authorize(ctx, request, READ_SCOPES);
    const body = parseBody(readBodySchema, request.body);
    if (body.inputs.length > MAX_BATCH_INPUTS) throw batchTooLarge(body.inputs.length, MAX_BATCH_INPUTS);
    const idProperty = body.idProperty ?? 'hs_object_id';
    if (idProperty !== 'hs_object_id' && schema.properties.get(idProperty)?.hasUniqueValue !== true) {
      throw validationError(
        `idProperty ${idProperty} is not a unique property of ${schema.objectTypeId}. Use hs_object_id or a property with hasUniqueValue.`,
        {
          context: { idProperty: [idProperty] },
        },
      );
    }

    const startedAt = ctx.clock.now();
    const results: unknown[] = [];
    const missing: string[] = [];
    for (const { id } of body.inputs) {
      const record = objects.records.findByProperty(schema, idProperty, id);
      if (record === undefined) missing.push(id);
      else
        results.push(
          recordResponse(
            record,
            objects.records.view(schema, record, body.properties),
            body.propertiesWithHistory,
          ),
        );
    }
    const errors: BatchItemError[] =
      missing.length === 0
        ? []
        : [
            batchItemError(
              'OBJECT_NOT_FOUND',
              `Could not get some ${schema.objectTypeId} objects, they may be deleted or not exist. Check that ids are valid.`,
              { ids: missing },
            ),
          ];
    return reply
      .code(missing.length > 0 ? 207 : 200)
      .send(batchResponse(results, errors, startedAt, ctx.clock.now()));
  });

  app.post<TypeParams>(OBJECTS_BASE, async (request, reply) => {
    const { objects, schema } = authorize(ctx, request, WRITE_SCOPES);
    const input = parseBody(createInputSchema, request.body);
    const [record] = batchCreate(objects, schema, [{ ...input, objectWriteTraceId: undefined }]).results;
    if (record === undefined) throw new Error('Single create returned no record.');
    return reply.code(201).send(recordResponse(record, objects.records.viewAll(record)));
  });

  app.get<{ Params: { objectType: string; objectId: string } }>(
    `${OBJECTS_BASE}/:objectId`,
    async (request, reply) => {
      const { objects, schema } = authorize(ctx, request, READ_SCOPES);
      const idProperty = queryString(request, 'idProperty') ?? 'hs_object_id';
      const record = objects.records.findByProperty(schema, idProperty, request.params.objectId);
      if (record === undefined) throw notFound();

      const properties = objects.records.view(schema, record, queryList(request, 'properties'));
      const associations = associationsForRead(
        objects,
        schema.objectTypeId,
        record.id,
        queryList(request, 'associations'),
      );
      return reply.code(200).send({
        ...recordResponse(record, properties, queryList(request, 'propertiesWithHistory')),
        ...(associations === undefined ? {} : { associations }),
      });
    },
  );
};
