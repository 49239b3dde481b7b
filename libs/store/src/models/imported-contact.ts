import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

import { modelOptions, type Timestamps } from './shared.js';

/**
 * A HubSpot contact already emitted to Oniva for one import target, with a hash of the emitted
 * fields. A repeated import compares hashes to emit only new contacts (create mode) or new and
 * changed ones (upsert mode).
 */
export interface ImportedContact extends Timestamps {
  /** Import target key from `importTargetKey()`, e.g. `event-contacts:acc-1:evt-9:123456`. */
  targetKey: string;
  /** HubSpot contact record id. */
  hubspotContactId: string;
  /** SHA-256 (hex) of the emitted mapped fields, from `contentHash()`. */
  contentHash: string;
  /** Import run that last emitted the contact. */
  importId: string;
  /** When the contact was last emitted. */
  emittedAt: Date;
}

export const importedContactSchema = new Schema<ImportedContact>(
  {
    targetKey: { type: String, required: true },
    hubspotContactId: { type: String, required: true },
    contentHash: { type: String, required: true, match: /^[0-9a-f]{64}$/ },
    importId: { type: String, required: true },
    emittedAt: { type: Date, required: true },
  },
  modelOptions('imported_contacts'),
);
importedContactSchema.index({ targetKey: 1, hubspotContactId: 1 }, { unique: true });

export type ImportedContactModel = Model<ImportedContact>;

export function importedContactModel(connection: MongooseConnection): ImportedContactModel {
  return connection.model<ImportedContact>('ImportedContact', importedContactSchema);
}
