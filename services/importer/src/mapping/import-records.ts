import {
  accountImportKey,
  accountImportRecordSchema,
  contactImportKey,
  contactImportRecordSchema,
  encodeRecord,
  type AccountImportRecord,
  type ContactImportRecord,
} from '@oniva-hubspot/contracts';
import { contentHash } from '@oniva-hubspot/store';

import type { ImportSpec } from '../run/import-spec.js';
import type { MappedFields } from './map-contact.js';

/** Topics the import records go to. */
export interface ImportTopics {
  contactImports: string;
  accountImports: string;
}

/** One record ready to produce, with the hash that is stored once it is produced. */
export interface ImportRecord {
  hubspotContactId: string;
  topic: string;
  key: string;
  /** Validated UTF-8 JSON value. */
  value: Buffer;
  /** SHA-256 of the mapped fields, compared on later imports of the same target. */
  contentHash: string;
}

export interface ImportRecordInput {
  spec: ImportSpec;
  portalId: number;
  hubspotContactId: string;
  fields: MappedFields;
  topics: ImportTopics;
}

/**
 * Builds the `oniva.contact-imports.v1` or `oniva.account-imports.v1` record of one contact. The
 * hash covers the mapped fields only, not the import id or mode, so importing the same data again
 * counts as unchanged. Throws `ContractsError` when the record does not match its topic schema.
 */
export function buildImportRecord(input: ImportRecordInput): ImportRecord {
  const { spec, portalId, hubspotContactId, fields, topics } = input;
  const hubspot = { portalId, contactId: hubspotContactId, listId: spec.listId };

  if (spec.target.kind === 'event-contacts') {
    const record: ContactImportRecord = {
      schemaVersion: 1,
      importId: spec.importId,
      accountId: spec.accountId,
      workspaceId: spec.target.workspaceId,
      eventId: spec.target.eventId,
      mode: spec.mode,
      contact: fields,
      hubspot,
    };
    return {
      hubspotContactId,
      topic: topics.contactImports,
      key: contactImportKey(record),
      value: encodeRecord(contactImportRecordSchema, record),
      contentHash: contentHash(fields),
    };
  }

  const record: AccountImportRecord = {
    schemaVersion: 1,
    importId: spec.importId,
    accountId: spec.accountId,
    accountType: spec.target.accountType,
    account: fields,
    hubspot,
  };
  return {
    hubspotContactId,
    topic: topics.accountImports,
    key: accountImportKey(record),
    value: encodeRecord(accountImportRecordSchema, record),
    contentHash: contentHash(fields),
  };
}
