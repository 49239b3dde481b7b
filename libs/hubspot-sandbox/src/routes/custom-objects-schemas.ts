import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuthContext, RouteModule, SandboxContext } from '../context.js';
import { hubspotError, notFound, validationError } from '../http/hubspot-errors.js';
import { parseBody, queryBoolean } from '../http/params.js';
import type { AssociationType } from '../state/associations-types.js';
import { PROPERTY_TYPES, type CustomObjectProperty } from '../state/custom-objects-properties.js';
import type { CustomObjectSchema } from '../state/custom-objects.js';
import { portalObjects, type PortalObjects } from '../state/custom-objects-portal.js';

const SCHEMAS_BASE = '/crm-object-schemas/v3/schemas';
const READ_SCOPES = { anyOf: ['crm.schemas.custom.read'] } as const;
const WRITE_SCOPES = { anyOf: ['crm.schemas.custom.write'] } as const;

const labelsSchema = z.looseObject({ singular: z.string().optional(), plural: z.string().optional() });

const propertyInputSchema = z.looseObject({
  name: z.string().min(1),
  label: z.string().min(1),
  type: z.enum(PROPERTY_TYPES),
  fieldType: z.string().min(1),
  groupName: z.string().optional(),
  description: z.string().optional(),
  options: z
    .array(
      z.looseObject({
        label: z.string(),
        value: z.string(),
        displayOrder: z.number().int().optional(),
        hidden: z.boolean().optional(),
        description: z.string().optional(),
      }),
    )
    .optional(),
  hasUniqueValue: z.boolean().optional(),
  hidden: z.boolean().optional(),
  formField: z.boolean().optional(),
  displayOrder: z.number().int().optional(),
  searchableInGlobalSearch: z.boolean().optional(),
});

/** `ObjectSchemaEgg`: name, labels, properties, requiredProperties and associatedObjects are required. */
const schemaCreateSchema = z.looseObject({
  name: z.string().min(1),
  labels: labelsSchema,
  description: z.string().optional(),
  properties: z.array(propertyInputSchema),
  requiredProperties: z.array(z.string()),
  searchableProperties: z.array(z.string()).optional(),
  primaryDisplayProperty: z.string().optional(),
  secondaryDisplayProperties: z.array(z.string()).optional(),
  associatedObjects: z.array(z.string()),
});

/** `ObjectTypeDefinitionPatch`. The `name` and the properties cannot change through it. */
const schemaPatchSchema = z.looseObject({
  labels: labelsSchema.optional(),
  description: z.string().optional(),
  clearDescription: z.boolean().optional(),
  requiredProperties: z.array(z.string()).optional(),
  searchableProperties: z.array(z.string()).optional(),
  primaryDisplayProperty: z.string().optional(),
  secondaryDisplayProperties: z.array(z.string()).optional(),
});

const associationCreateSchema = z.looseObject({
  fromObjectTypeId: z.string().min(1),
  toObjectTypeId: z.string().min(1),
  name: z.string().optional(),
});

/**
 * 403 for a portal without an Enterprise subscription.
 * NOTE: HubSpot does not document this body; the message and the FORBIDDEN category are the
 * sandbox's choice.
 */
export function customObjectsUnavailable() {
  return hubspotError(403, {
    message: 'This portal does not have access to custom objects',
    category: 'FORBIDDEN',
  });
}

/** Returns whether the portal's subscription includes custom objects (Enterprise in at least one Hub). */
export function hasCustomObjects(auth: AuthContext): boolean {
  return auth.portal.tier === 'enterprise';
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

function propertyResponse(property: CustomObjectProperty): Record<string, unknown> {
  const { searchableInGlobalSearch: _searchable, createdAt, updatedAt, ...definition } = property;
  return { ...definition, createdAt: iso(createdAt), updatedAt: iso(updatedAt), archived: false };
}

/** `AssociationDefinition` as schema responses list it; `id` is the v4 association type id. */
export function associationDefinitionResponse(type: AssociationType): Record<string, unknown> {
  return {
    id: String(type.typeId),
    fromObjectTypeId: type.fromObjectTypeId,
    toObjectTypeId: type.toObjectTypeId,
    name: type.name,
    createdAt: iso(type.createdAt),
    updatedAt: iso(type.updatedAt),
  };
}

/** `ObjectTypeDefinition`: the schema without properties and associations (PATCH response). */
function definitionResponse(schema: CustomObjectSchema): Record<string, unknown> {
  return {
    id: schema.id,
    objectTypeId: schema.objectTypeId,
    name: schema.name,
    fullyQualifiedName: schema.fullyQualifiedName,
    portalId: schema.portalId,
    labels: schema.labels,
    ...(schema.description === undefined ? {} : { description: schema.description }),
    requiredProperties: schema.requiredProperties,
    searchableProperties: schema.searchableProperties,
    ...(schema.primaryDisplayProperty === undefined
      ? {}
      : { primaryDisplayProperty: schema.primaryDisplayProperty }),
    secondaryDisplayProperties: schema.secondaryDisplayProperties,
    archived: schema.archived,
    createdAt: iso(schema.createdAt),
    updatedAt: iso(schema.updatedAt),
  };
}

/** `ObjectSchema`: the definition plus properties and association definitions. */
export function schemaResponse(schema: CustomObjectSchema): Record<string, unknown> {
  return {
    ...definitionResponse(schema),
    properties: [...schema.properties.values()].map(propertyResponse),
    associations: schema.associations.map(associationDefinitionResponse),
  };
}

/** Finds a visible schema by objectTypeId or fully qualified name. Throws 404 when none matches. */
function findSchema(auth: AuthContext, objects: PortalObjects, objectType: string): CustomObjectSchema {
  const schema = hasCustomObjects(auth) ? objects.schemas.resolve(objectType) : undefined;
  if (schema === undefined)
    throw notFound(`No custom object type matches "${objectType}".`, { objectType: [objectType] });
  return schema;
}

function authorize(
  ctx: SandboxContext,
  request: FastifyRequest,
  scopes: typeof READ_SCOPES | typeof WRITE_SCOPES,
) {
  const auth = ctx.requireAuth(request, scopes);
  return { auth, objects: portalObjects(ctx, auth.portalId) };
}

/**
 * Custom object schemas (Enterprise only): list, read by objectTypeId or fully qualified name,
 * create, update and add associations. Other tiers get an empty list and 403 on writes.
 */
export const customObjectSchemaRoutes: RouteModule = (app, ctx) => {
  app.get(SCHEMAS_BASE, async (request, reply) => {
    const { auth, objects } = authorize(ctx, request, READ_SCOPES);
    const archived = queryBoolean(request, 'archived', false);
    const schemas = hasCustomObjects(auth) ? objects.schemas.list(archived) : [];
    return reply.code(200).send({ results: schemas.map(schemaResponse) });
  });

  app.get<{ Params: { objectType: string } }>(`${SCHEMAS_BASE}/:objectType`, async (request, reply) => {
    const { auth, objects } = authorize(ctx, request, READ_SCOPES);
    return reply.code(200).send(schemaResponse(findSchema(auth, objects, request.params.objectType)));
  });

  app.post(SCHEMAS_BASE, async (request, reply) => {
    const { auth, objects } = authorize(ctx, request, WRITE_SCOPES);
    if (!hasCustomObjects(auth)) throw customObjectsUnavailable();
    const input = parseBody(schemaCreateSchema, request.body);
    const schema = objects.schemas.create(input, ctx.clock.now());
    return reply.code(201).send(schemaResponse(schema));
  });

  app.patch<{ Params: { objectType: string } }>(`${SCHEMAS_BASE}/:objectType`, async (request, reply) => {
    const { auth, objects } = authorize(ctx, request, WRITE_SCOPES);
    if (!hasCustomObjects(auth)) throw customObjectsUnavailable();
    const schema = findSchema(auth, objects, request.params.objectType);
    const patch = parseBody(schemaPatchSchema, request.body ?? {});
    return reply.code(200).send(definitionResponse(objects.schemas.update(schema, patch, ctx.clock.now())));
  });

  app.post<{ Params: { objectType: string } }>(
    `${SCHEMAS_BASE}/:objectType/associations`,
    async (request, reply) => {
      const { auth, objects } = authorize(ctx, request, WRITE_SCOPES);
      if (!hasCustomObjects(auth)) throw customObjectsUnavailable();
      const schema = findSchema(auth, objects, request.params.objectType);
      const input = parseBody(associationCreateSchema, request.body);
      if (objects.schemas.resolve(input.fromObjectTypeId) !== schema) {
        throw validationError(
          `fromObjectTypeId "${input.fromObjectTypeId}" must be the object type in the path, ${schema.objectTypeId}.`,
          { context: { fromObjectTypeId: [input.fromObjectTypeId] } },
        );
      }
      const type = objects.schemas.addAssociation(schema, input.toObjectTypeId, ctx.clock.now());
      return reply.code(201).send(associationDefinitionResponse(type));
    },
  );
};
