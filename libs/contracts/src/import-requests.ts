import { z } from 'zod';

import { importModeSchema } from './imports.js';
import { idSchema, isoDateTimeSchema, schemaVersionSchema } from './primitives.js';

/** Targets of an import: contacts of one Oniva event, or Oniva user accounts. */
export const IMPORT_TARGETS = ['event-contacts', 'accounts'] as const;

/** Target of an import run. */
export type ImportTarget = (typeof IMPORT_TARGETS)[number];

/** One mapping of a HubSpot contact property to an Oniva field. */
export const fieldMappingSchema = z.looseObject({
  hubspotProperty: idSchema.describe('Internal name of the HubSpot contact property, e.g. firstname.'),
  onivaField: idSchema.describe('Oniva field that receives the value, e.g. firstName.'),
});

/** One HubSpot property → Oniva field mapping. */
export type FieldMapping = z.infer<typeof fieldMappingSchema>;

// Two HubSpot properties mapped to one Oniva field would make the imported value depend on order.
const fieldMappingListSchema = z.array(fieldMappingSchema).superRefine((mappings, ctx) => {
  const seen = new Set<string>();
  mappings.forEach((mapping, index) => {
    if (seen.has(mapping.onivaField)) {
      ctx.addIssue({
        code: 'custom',
        path: [index, 'onivaField'],
        input: mapping.onivaField,
        message: 'expected each Oniva field at most once in fieldMapping',
      });
    }
    seen.add(mapping.onivaField);
  });
});

const requestFields = {
  schemaVersion: schemaVersionSchema,
  importId: idSchema,
  accountId: idSchema,
  listId: idSchema.describe('HubSpot list id (ILS list id) to import.'),
  mode: importModeSchema,
  fieldMapping: fieldMappingListSchema.describe(
    'HubSpot property to Oniva field mappings; the email property is always read.',
  ),
  requestedAt: isoDateTimeSchema,
};

/**
 * Value of `connector.import-requests.v1`: an import run to start. Key: `importId`.
 * `event-contacts` imports need `workspaceId` and `eventId`; `accounts` imports need `accountType`.
 */
export const importRequestRecordSchema = z.discriminatedUnion('target', [
  z.looseObject({
    ...requestFields,
    target: z.literal('event-contacts'),
    workspaceId: idSchema,
    eventId: idSchema,
  }),
  z.looseObject({
    ...requestFields,
    target: z.literal('accounts'),
    accountType: idSchema.describe('Oniva account type for the created accounts, e.g. sso.'),
  }),
]);

/** Value of `connector.import-requests.v1`. */
export type ImportRequestRecord = z.infer<typeof importRequestRecordSchema>;
