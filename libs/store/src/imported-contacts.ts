import { createHash } from 'node:crypto';

import { isDuplicateKeyError } from './errors.js';
import type { ImportTarget } from './models/import-run.js';
import type { ImportedContactModel } from './models/imported-contact.js';
import { bulkWriteInChunks } from './bulk-write.js';

/** Comparison of a contact with what earlier imports emitted to the same target. */
export type ImportedContactStatus = 'new' | 'changed' | 'unchanged';

/** A contact about to be emitted, identified by its HubSpot id, with the hash of its mapped fields. */
export interface ContactDigest {
  hubspotContactId: string;
  contentHash: string;
}

/**
 * Returns the key of an import target: `event-contacts:<accountId>:<eventId>:<portalId>` or
 * `accounts:<accountId>:<accountType>:<portalId>`. The portal is part of the key because HubSpot
 * contact ids are only unique within one portal.
 */
export function importTargetKey(target: {
  target: ImportTarget;
  accountId: string;
  portalId: number;
  eventId?: string | undefined;
  accountType?: string | undefined;
}): string {
  const scope = target.target === 'event-contacts' ? target.eventId : target.accountType;
  if (!scope) {
    const field = target.target === 'event-contacts' ? 'eventId' : 'accountType';
    throw new TypeError(`importTargetKey needs ${field} for a ${target.target} import`);
  }
  return `${target.target}:${target.accountId}:${scope}:${target.portalId}`;
}

/** Returns the SHA-256 (hex) of mapped fields, independent of their order. */
export function contentHash(fields: Readonly<Record<string, string>>): string {
  // Array.prototype.sort without a comparator orders by UTF-16 code units, independent of locale.
  const entries = Object.keys(fields)
    .sort()
    .map((name) => [name, fields[name]]);
  return createHash('sha256').update(JSON.stringify(entries), 'utf8').digest('hex');
}

/** Compares a page of contacts with the contacts already emitted to `targetKey`, in one query. */
export async function compareImportedContacts(
  model: ImportedContactModel,
  targetKey: string,
  contacts: readonly ContactDigest[],
): Promise<Map<string, ImportedContactStatus>> {
  const ids = contacts.map((contact) => contact.hubspotContactId);
  const known = await model
    .find({ targetKey, hubspotContactId: { $in: ids } }, { hubspotContactId: 1, contentHash: 1 })
    .lean<{ hubspotContactId: string; contentHash: string }[]>()
    .exec();
  const knownHashes = new Map(known.map((row) => [row.hubspotContactId, row.contentHash]));

  const statuses = new Map<string, ImportedContactStatus>();
  for (const contact of contacts) {
    const knownHash = knownHashes.get(contact.hubspotContactId);
    let status: ImportedContactStatus = 'changed';
    if (knownHash === undefined) status = 'new';
    else if (knownHash === contact.contentHash) status = 'unchanged';
    statuses.set(contact.hubspotContactId, status);
  }
  return statuses;
}

/**
 * Records contacts as emitted to `targetKey`. Call it only after the records reached Kafka, so a
 * crash in between makes the resumed run emit those contacts again instead of skipping them. A
 * concurrent import of the same target is safe, because an insert that loses the race is repeated
 * as an update.
 */
export async function recordImportedContacts(
  model: ImportedContactModel,
  request: { targetKey: string; importId: string; contacts: readonly ContactDigest[]; emittedAt?: Date },
): Promise<void> {
  if (request.contacts.length === 0) return;
  const emittedAt = request.emittedAt ?? new Date();
  const operations = (upsert: boolean) =>
    request.contacts.map((contact) => ({
      updateOne: {
        filter: { targetKey: request.targetKey, hubspotContactId: contact.hubspotContactId },
        update: { $set: { contentHash: contact.contentHash, importId: request.importId, emittedAt } },
        upsert,
      },
    }));

  try {
    await bulkWriteInChunks(model, operations(true));
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    // Every failed operation lost an insert race, so the document now exists and an update suffices.
    await bulkWriteInChunks(model, operations(false));
  }
}
