import type { FastifyRequest } from 'fastify';
import type { AuthContext, SandboxContext } from '../context.js';
import { notFound, validationError } from '../http/hubspot-errors.js';
import type { AssociationType } from '../state/associations-types.js';
import {
  portalObjects,
  recordExists,
  resolveObjectType,
  type PortalObjects,
} from '../state/custom-objects-portal.js';

/** Read and write scopes by object type id; custom types share the custom object scopes. */
const SCOPES_BY_TYPE: Readonly<Record<string, { read: string; write: string }>> = {
  '0-1': { read: 'crm.objects.contacts.read', write: 'crm.objects.contacts.write' },
  '0-2': { read: 'crm.objects.companies.read', write: 'crm.objects.companies.write' },
  '0-3': { read: 'crm.objects.deals.read', write: 'crm.objects.deals.write' },
  '0-5': { read: 'tickets', write: 'tickets' },
};
const CUSTOM_SCOPES = { read: 'crm.objects.custom.read', write: 'crm.objects.custom.write' };

function scopesOf(objectTypeId: string): { read: string; write: string } {
  return SCOPES_BY_TYPE[objectTypeId] ?? CUSTOM_SCOPES;
}

/**
 * Resolves an object type of the path to its objectTypeId. Throws 400 "Unable to infer object
 * type" for unknown names and for custom types on portals without Enterprise.
 */
export function requireObjectTypeId(auth: AuthContext, objects: PortalObjects, objectType: string): string {
  const resolved = resolveObjectType(objects, objectType);
  if (resolved === undefined || (resolved.kind === 'custom' && auth.portal.tier !== 'enterprise')) {
    throw validationError(`Unable to infer object type from: ${objectType}`, {
      context: { objectType: [objectType] },
    });
  }
  return resolved.objectTypeId;
}

/**
 * Authorizes an association call between two object types. The scope of either object type
 * allows it, as HubSpot's spec lists the object scopes as alternatives.
 */
export function authorizeAssociation(
  ctx: SandboxContext,
  request: FastifyRequest,
  access: 'read' | 'write',
  objectTypes: { from: string; to: string },
): { auth: AuthContext; objects: PortalObjects; fromTypeId: string; toTypeId: string } {
  // Authenticate first so that a bad token gets 401 before the path is checked.
  const probe = ctx.requireAuth(request, { anyOf: [] });
  const objects = portalObjects(ctx, probe.portalId);
  const fromTypeId = requireObjectTypeId(probe, objects, objectTypes.from);
  const toTypeId = requireObjectTypeId(probe, objects, objectTypes.to);

  const anyOf = [...new Set([scopesOf(fromTypeId)[access], scopesOf(toTypeId)[access]])];
  const auth = ctx.requireAuth(request, { anyOf });
  return { auth, objects, fromTypeId, toTypeId };
}

/** 404 unless the record exists; the sandbox stores only contacts and custom object records. */
export function requireRecord(objects: PortalObjects, objectTypeId: string, id: string): void {
  if (!recordExists(objects, objectTypeId, id)) {
    throw notFound(`No ${objectTypeId} record has id ${id}.`, { ids: [id] });
  }
}

/**
 * Resolves the types of a typed association request. Throws 400 for a type id that does not
 * go from `fromTypeId` to `toTypeId` or whose category differs.
 */
export function resolveTypes(
  objects: PortalObjects,
  fromTypeId: string,
  toTypeId: string,
  specs: ReadonlyArray<{ associationCategory: string; associationTypeId: number }>,
): AssociationType[] {
  return specs.map((spec) => {
    const type = objects.associationTypes.findFrom(fromTypeId, spec.associationTypeId);
    if (
      type === undefined ||
      type.toObjectTypeId !== toTypeId ||
      type.category !== spec.associationCategory
    ) {
      throw validationError(
        `Association type ${spec.associationCategory} ${spec.associationTypeId} is not defined from ${fromTypeId} to ${toTypeId}. Read the valid types from GET /crm/v4/associations/${fromTypeId}/${toTypeId}/labels.`,
        { context: { associationTypeId: [String(spec.associationTypeId)] } },
      );
    }
    return type;
  });
}

/**
 * Returns the type the default endpoints write between two object types. Throws 400 when
 * there is none, or when the portal's settings reject default associations for custom types.
 */
export function requireDefaultType(
  objects: PortalObjects,
  fromTypeId: string,
  toTypeId: string,
): AssociationType {
  const involvesCustom = fromTypeId.startsWith('2-') || toTypeId.startsWith('2-');
  const type = objects.associationTypes.defaultType(fromTypeId, toTypeId);
  if (type === undefined || (involvesCustom && !objects.options.defaultAssociationsForCustomObjects)) {
    throw validationError(
      `No default association type exists from ${fromTypeId} to ${toTypeId}. Use the labelled association endpoints with a type id from the labels endpoint.`,
      { context: { fromObjectTypeId: [fromTypeId], toObjectTypeId: [toTypeId] } },
    );
  }
  return type;
}

/** `labels` of a `LabelsBetweenObjectPair`: the labels of every type from one record to the other. */
export function labelsBetween(
  objects: PortalObjects,
  from: { objectTypeId: string; id: string },
  to: { objectTypeId: string; id: string },
): string[] {
  return objects.associations
    .typesBetween(from, to)
    .map((type) => type.label)
    .filter((label): label is string => label !== null);
}

/**
 * Builds the `associations` member of a v3 record read: for each requested object type, the
 * associated record ids with the association type name. Returns undefined when none were requested.
 */
export function associationsForRead(
  objects: PortalObjects,
  fromTypeId: string,
  id: string,
  toObjectTypes: readonly string[],
): Record<string, { results: Array<{ id: string; type: string }> }> | undefined {
  if (toObjectTypes.length === 0) return undefined;
  const associations: Record<string, { results: Array<{ id: string; type: string }> }> = {};
  for (const toObjectType of toObjectTypes) {
    const resolved = resolveObjectType(objects, toObjectType);
    if (resolved === undefined) continue;
    const linked = objects.associations.list({ objectTypeId: fromTypeId, id }, resolved.objectTypeId);
    if (linked.length === 0) continue;
    associations[toObjectType] = {
      results: linked.flatMap((record) =>
        record.types.map((type) => ({ id: record.toObjectId, type: type.name })),
      ),
    };
  }
  return associations;
}
