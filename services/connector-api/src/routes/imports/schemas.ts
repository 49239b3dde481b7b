import { z } from 'zod';

import { ONIVA_ACCOUNT_FIELDS, ONIVA_CONTACT_FIELDS } from '../../domain/oniva-fields.js';
import { idSchema, importIdSchema, limitSchema, timestampSchema } from '../../http/common-schemas.js';

const PROPERTY_EXPECTED = 'expected the internal name of a HubSpot contact property, e.g. firstname';

const hubspotPropertySchema = z
  .string({ error: PROPERTY_EXPECTED })
  .regex(/^[a-z0-9_]{1,100}$/, { error: PROPERTY_EXPECTED })
  .describe('Internal name of a HubSpot contact property, as GET …/hubspot/contact-properties lists it.');

function fieldMappingSchema<T extends readonly [string, ...string[]]>(onivaFields: T) {
  return z
    .array(
      z.strictObject({
        hubspotProperty: hubspotPropertySchema,
        onivaField: z.enum(onivaFields).describe('Oniva field that receives the value.'),
      }),
    )
    .max(50, { error: 'expected at most 50 mappings' })
    .superRefine((mappings, ctx) => {
      const seen = new Set<string>();
      mappings.forEach((mapping, index) => {
        if (seen.has(mapping.onivaField)) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'onivaField'],
            message: `expected each Oniva field once; "${mapping.onivaField}" is mapped twice`,
          });
        }
        seen.add(mapping.onivaField);
      });
    })
    .describe('HubSpot property → Oniva field. The email is always read from the HubSpot property email.');
}

const MODE_DESCRIPTION =
  'create adds new contacts only ("Create new contacts"); upsert adds new ones and updates existing ones ' +
  '("Add new contacts or update existing contacts"). Repeating an import never duplicates contacts.';

const commonFields = {
  listId: idSchema.describe('HubSpot list id, from GET …/hubspot/lists.'),
  mode: z.enum(['create', 'upsert']).describe(MODE_DESCRIPTION),
};

export const startImportBodySchema = z.discriminatedUnion('target', [
  z.strictObject({
    target: z.literal('event-contacts').describe('Import the list members as contacts of one Oniva event.'),
    ...commonFields,
    workspaceId: idSchema.describe('Workspace of the event; must be activated.'),
    eventId: idSchema.describe('Event that receives the contacts; must be activated.'),
    fieldMapping: fieldMappingSchema(ONIVA_CONTACT_FIELDS),
  }),
  z.strictObject({
    target: z.literal('accounts').describe('Import the list members as Oniva user accounts.'),
    ...commonFields,
    accountType: idSchema.describe('Oniva account type of the new accounts, e.g. sso.'),
    fieldMapping: fieldMappingSchema(ONIVA_ACCOUNT_FIELDS),
  }),
]);

export type StartImportBody = z.infer<typeof startImportBodySchema>;

const countsSchema = z.object({
  read: z.int(),
  created: z.int(),
  updated: z.int(),
  unchanged: z.int(),
  skipped: z.int(),
  failed: z.int(),
});

/** An import run as the API returns it. */
export const importRunSchema = z
  .object({
    importId: z.string(),
    accountId: z.string(),
    state: z.enum(['queued', 'running', 'completed', 'failed', 'cancelled']),
    request: z.object({
      target: z.enum(['event-contacts', 'accounts']),
      listId: z.string(),
      mode: z.enum(['create', 'upsert']),
      fieldMapping: z.array(z.object({ hubspotProperty: z.string(), onivaField: z.string() })),
      workspaceId: z.string().optional(),
      eventId: z.string().optional(),
      accountType: z.string().optional(),
    }),
    counts: countsSchema.describe('Contacts by outcome so far.'),
    skippedByReason: z.record(z.string(), z.int()),
    pagesDone: z.int().describe('List membership pages the importer finished.'),
    recentErrors: z
      .array(
        z.object({
          code: z.string(),
          message: z.string(),
          contactId: z.string().optional(),
          at: timestampSchema,
        }),
      )
      .describe('The latest per-contact failures.'),
    failure: z.object({ code: z.string(), message: z.string() }).optional().describe('Why the run failed.'),
    requestedAt: timestampSchema,
    startedAt: timestampSchema.optional(),
    finishedAt: timestampSchema.optional(),
    cancelRequestedAt: timestampSchema.optional(),
  })
  .meta({ id: 'ImportRun' });

export type ImportRunView = z.infer<typeof importRunSchema>;

export const importParamsSchema = z.strictObject({
  accountId: idSchema,
  importId: importIdSchema,
});

export const importHistoryQuerySchema = z.strictObject({
  target: z.enum(['event-contacts', 'accounts']).optional(),
  eventId: idSchema.optional().describe('Only imports into this event.'),
  limit: limitSchema,
  before: timestampSchema
    .optional()
    .describe('Only runs requested before this time; pass nextBefore of the previous page.'),
});

export const importHistorySchema = z.object({
  imports: z.array(importRunSchema).describe('Newest first.'),
  nextBefore: timestampSchema
    .optional()
    .describe('Pass as before to read the next page; absent on the last page.'),
});
