import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

import { modelOptions, type Timestamps } from './shared.js';

/** An API key of one Oniva account. Only a hash of the secret is stored (see `hashApiKeySecret`). */
export interface ApiKey extends Timestamps {
  /** Public part of the key, sent before the secret; unique. */
  keyId: string;
  /** Account the key may act for; every query of a request is scoped to it. */
  accountId: string;
  /** SHA-256 (hex) of the secret part. */
  hash: string;
  /** Name given by the customer, e.g. "CRM sync job". */
  label: string;
  lastUsedAt: Date | null;
  /** When the key was revoked; null while it is valid. */
  revokedAt: Date | null;
}

export const apiKeySchema = new Schema<ApiKey>(
  {
    keyId: { type: String, required: true },
    accountId: { type: String, required: true },
    hash: { type: String, required: true, match: /^[0-9a-f]{64}$/ },
    label: { type: String, required: true, default: '' },
    lastUsedAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
  },
  modelOptions('api_keys'),
);
apiKeySchema.index({ keyId: 1 }, { unique: true });
apiKeySchema.index({ accountId: 1 });

export type ApiKeyModel = Model<ApiKey>;

export function apiKeyModel(connection: MongooseConnection): ApiKeyModel {
  return connection.model<ApiKey>('ApiKey', apiKeySchema);
}
