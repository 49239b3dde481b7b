import { z } from 'zod';

import { emailSchema, idSchema, schemaVersionSchema } from './primitives.js';

/** Import modes: `create` adds new contacts only, `upsert` adds new ones and updates existing ones. */
export const IMPORT_MODES = ['create', 'upsert'] as const;

/** `create` (new contacts only) or `upsert` (add new, update existing). */
export type ImportMode = (typeof IMPORT_MODES)[number];

export const importModeSchema = z
  .enum(IMPORT_MODES)
  .describe('create adds new contacts only; upsert adds new contacts and updates existing ones.');

/** HubSpot origin of an imported contact. */
export const hubspotContactSourceSchema = z
  .looseObject({
    portalId: z.int({ error: 'expected an integer HubSpot portal id' }).positive({
      error: 'expected a positive HubSpot portal id',
    }),
    contactId: idSchema.describe('HubSpot contact record id (hs_object_id).'),
    listId: idSchema.describe('HubSpot list id (ILS list id) the contact was read from.'),
  })
  .describe('HubSpot portal, contact and list the record was imported from.');

/**
 * Mapped fields of an imported contact: Oniva field name → string value. `email` is required;
 * every other field comes from the import's field mapping.
 */
export const mappedFieldsSchema = z
  .object({ email: emailSchema })
  .catchall(z.string({ error: 'expected a string field value' }))
  .describe('Oniva field name to string value; email is required.');

/** Value of `oniva.contact-imports.v1`: one HubSpot contact to add to an Oniva event. */
export const contactImportRecordSchema = z.looseObject({
  schemaVersion: schemaVersionSchema,
  importId: idSchema,
  accountId: idSchema,
  workspaceId: idSchema,
  eventId: idSchema,
  mode: importModeSchema,
  contact: mappedFieldsSchema,
  hubspot: hubspotContactSourceSchema,
});

/** Value of `oniva.contact-imports.v1`. */
export type ContactImportRecord = z.infer<typeof contactImportRecordSchema>;

/** Value of `oniva.account-imports.v1`: one HubSpot contact to create or update as an Oniva user account. */
export const accountImportRecordSchema = z.looseObject({
  schemaVersion: schemaVersionSchema,
  importId: idSchema,
  accountId: idSchema,
  accountType: idSchema.describe('Oniva account type chosen for the import, e.g. sso.'),
  account: mappedFieldsSchema,
  hubspot: hubspotContactSourceSchema,
});

/** Value of `oniva.account-imports.v1`. */
export type AccountImportRecord = z.infer<typeof accountImportRecordSchema>;

/** Returns the Kafka key of a contact import record: `eventId:hubspotContactId`. */
export function contactImportKey(record: Pick<ContactImportRecord, 'eventId' | 'hubspot'>): string {
  return `${record.eventId}:${record.hubspot.contactId}`;
}

/** Returns the Kafka key of an account import record: `accountId:hubspotContactId`. */
export function accountImportKey(record: Pick<AccountImportRecord, 'accountId' | 'hubspot'>): string {
  return `${record.accountId}:${record.hubspot.contactId}`;
}
