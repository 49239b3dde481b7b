import { z } from 'zod';
import type { SandboxContext } from '../context.js';
import { SandboxError } from '../errors.js';
import type { ContactStore } from './contacts.js';
import { AssociationTypeRegistry } from './associations-types.js';
import { AssociationStore } from './associations.js';
import {
  CustomObjectSchemaStore,
  DEFAULT_MAX_OBJECT_TYPES,
  type CustomObjectSchema,
} from './custom-objects.js';
import { CustomObjectRecordStore } from './custom-objects-records.js';

/** Key of the custom object and association settings in `SandboxOptions.moduleOptions`. */
export const OBJECTS_OPTIONS_KEY = 'objects';

/** Settings of the custom object and association modules, for points HubSpot leaves open. */
export const objectsOptionsSchema = z
  .object({
    /**
     * Whether the v4 default association endpoints accept custom object types. HubSpot documents
     * them generically, but one integrator reports that they work only between standard objects.
     */
    defaultAssociationsForCustomObjects: z.boolean().default(true),
    /** Maximum custom object types per portal; HubSpot's default cap is 10 (more can be bought). */
    maxObjectTypes: z.number().int().min(0).default(DEFAULT_MAX_OBJECT_TYPES),
  })
  .strict();

export type ObjectsOptions = z.infer<typeof objectsOptionsSchema>;

/** Returns the module settings, parsed on every call; throws `SandboxError` when they are invalid. */
export function objectsOptions(ctx: SandboxContext): ObjectsOptions {
  const result = objectsOptionsSchema.safeParse(ctx.moduleOptions(OBJECTS_OPTIONS_KEY) ?? {});
  if (!result.success) {
    throw new SandboxError(
      'SANDBOX_ERR_INVALID_OPTIONS',
      `Module options "${OBJECTS_OPTIONS_KEY}" are invalid: ${z.prettifyError(result.error)}`,
    );
  }
  return result.data;
}

/** Custom object types, their records and the associations between records of one portal. */
export interface PortalObjects {
  readonly portalId: number;
  readonly options: ObjectsOptions;
  readonly associationTypes: AssociationTypeRegistry;
  readonly associations: AssociationStore;
  readonly schemas: CustomObjectSchemaStore;
  readonly records: CustomObjectRecordStore;
  readonly contacts: ContactStore;
}

/** Path segments that name standard object types, as the CRM APIs accept them. */
const STANDARD_ALIASES: Readonly<Record<string, string>> = {
  '0-1': '0-1',
  contact: '0-1',
  contacts: '0-1',
  '0-2': '0-2',
  company: '0-2',
  companies: '0-2',
  '0-3': '0-3',
  deal: '0-3',
  deals: '0-3',
  '0-5': '0-5',
  ticket: '0-5',
  tickets: '0-5',
};

/** Returns the portal's object state, creating it on first use; it is dropped on sandbox reset. */
export function portalObjects(ctx: SandboxContext, portalId: number): PortalObjects {
  const stores = ctx.portalExtension(portalId, 'custom-objects', () => {
    const associationTypes = new AssociationTypeRegistry(() =>
      Number(ctx.nextId(portalId, 'association-types')),
    );
    return {
      portalId,
      associationTypes,
      associations: new AssociationStore(associationTypes),
      schemas: new CustomObjectSchemaStore(
        portalId,
        associationTypes,
        () => ctx.nextId(portalId, 'object-types'),
        () => objectsOptions(ctx).maxObjectTypes,
      ),
      records: new CustomObjectRecordStore(portalId, () => ctx.nextId(portalId, 'custom-objects'), ctx.clock),
      contacts: ctx.contacts(portalId),
    };
  });
  return { ...stores, options: objectsOptions(ctx) };
}

/** An object type named in a request path, resolved to its objectTypeId. */
export type ResolvedObjectType =
  | { kind: 'contact'; objectTypeId: '0-1' }
  | { kind: 'custom'; objectTypeId: string; schema: CustomObjectSchema }
  | { kind: 'standard'; objectTypeId: string };

/**
 * Resolves `contacts`/`0-1`, another standard type id (`0-2`, …) or a custom type
 * (`2-…`, `p<portalId>_<name>`, `p_<name>`). Returns undefined for anything else.
 */
export function resolveObjectType(
  objects: PortalObjects,
  objectType: string,
): ResolvedObjectType | undefined {
  const standard = STANDARD_ALIASES[objectType.toLowerCase()];
  if (standard === '0-1') return { kind: 'contact', objectTypeId: '0-1' };
  if (standard !== undefined) return { kind: 'standard', objectTypeId: standard };

  const schema = objects.schemas.resolve(objectType);
  if (schema !== undefined) return { kind: 'custom', objectTypeId: schema.objectTypeId, schema };
  return undefined;
}

/**
 * Returns whether a record exists. The sandbox stores only contacts and custom object records,
 * so records of other standard types (companies, deals, tickets) never exist.
 */
export function recordExists(objects: PortalObjects, objectTypeId: string, id: string): boolean {
  if (objectTypeId === '0-1') return objects.contacts.has(id);
  const schema = objects.schemas.resolve(objectTypeId);
  return schema !== undefined && objects.records.get(schema, id) !== undefined;
}
