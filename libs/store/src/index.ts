/**
 * MongoDB models and helpers for connection config and sync state (mongoose 8).
 *
 * @example
 * import { connectStore, ensureIndexes, createModels, upsertWithRetry } from '@oniva-hubspot/store';
 *
 * const connection = await connectStore({ uri: config.MONGODB_URI, logger });
 * await ensureIndexes(connection); // unique indexes exist before the first write
 * const models = createModels(connection);
 * await upsertWithRetry(models.SyncStats, { accountId, eventId }, { $inc: { applied: 1 } });
 */
export { connectStore, ensureIndexes, type ConnectStoreOptions, type StoreLogger } from './connect.js';
export { createModels, type StoreModels } from './models/index.js';
export { upsertWithRetry } from './upsert.js';
export { bulkWriteInChunks, MAX_BULK_WRITE_OPERATIONS } from './bulk-write.js';
export {
  StoreError,
  isDatabaseUnavailableError,
  isDuplicateKeyError,
  type StoreErrorCode,
} from './errors.js';
export {
  createTokenCipher,
  tokenFingerprint,
  tokenLast4,
  type TokenCipher,
  type TokenCipherOptions,
} from './token-cipher.js';
export {
  acquireImportLease,
  checkImportLease,
  readImportLease,
  releaseImportLease,
  renewImportLease,
  requestImportCancel,
  type AcquireImportLeaseResult,
  type ImportLease,
} from './import-lease.js';
export {
  compareImportedContacts,
  contentHash,
  importTargetKey,
  recordImportedContacts,
  type ContactDigest,
  type ImportedContactStatus,
} from './imported-contacts.js';
export {
  API_KEY_PREFIX,
  generateApiKey,
  hashApiKeySecret,
  parseApiKey,
  verifyApiKeySecret,
  type GeneratedApiKey,
} from './api-keys.js';

export {
  CONNECTION_HEALTH_STATES,
  PARTICIPATION_ACTIONS,
  type ConnectionFeatures,
  type ConnectionHealth,
  type ConnectionHealthState,
  type ConnectionModel,
  type HubSpotConnection,
  type ParticipationAction,
  type SealedToken,
} from './models/connection.js';
export {
  ACTIVATION_LEVELS,
  type Activation,
  type ActivationLevel,
  type ActivationModel,
} from './models/activation.js';
export {
  MARKETING_EVENT_STATES,
  portalObjectKey,
  type MarketingEventMapping,
  type MarketingEventMappingModel,
  type MarketingEventState,
} from './models/marketing-event-mapping.js';
export { type CustomObjectSchema, type CustomObjectSchemaModel } from './models/custom-object-schema.js';
export {
  LEDGER_KINDS,
  ledgerKey,
  normaliseEmail,
  type LedgerKind,
  type SyncLedgerEntry,
  type SyncLedgerEntryModel,
} from './models/sync-ledger-entry.js';
export {
  IMPORT_MODES,
  IMPORT_RUN_ERROR_LIMIT,
  IMPORT_STATES,
  IMPORT_TARGETS,
  type ImportCounts,
  type ImportCursor,
  type ImportMode,
  type ImportRequest,
  type ImportRun,
  type ImportRunModel,
  type ImportState,
  type ImportTarget,
} from './models/import-run.js';
export {
  LEASE_ROW_KINDS,
  type ImportCheckpoint,
  type ImportRunLease,
  type ImportRunLeaseModel,
  type LeaseRowKind,
} from './models/import-run-lease.js';
export { type ImportedContact, type ImportedContactModel } from './models/imported-contact.js';
export { type ParkedMessage, type ParkedMessageModel } from './models/parked-message.js';
export { type DeadLetter, type DeadLetterModel } from './models/dead-letter.js';
export { type SyncStats, type SyncStatsModel } from './models/sync-stats.js';
export { type ApiKey, type ApiKeyModel } from './models/api-key.js';
export { type KafkaSource, type StoredError, type Timestamps } from './models/shared.js';
