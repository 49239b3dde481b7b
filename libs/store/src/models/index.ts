import type { Connection as MongooseConnection } from 'mongoose';

import { activationModel, type ActivationModel } from './activation.js';
import { apiKeyModel, type ApiKeyModel } from './api-key.js';
import { connectionModel, type ConnectionModel } from './connection.js';
import { customObjectSchemaModel, type CustomObjectSchemaModel } from './custom-object-schema.js';
import { deadLetterModel, type DeadLetterModel } from './dead-letter.js';
import { importRunLeaseModel, type ImportRunLeaseModel } from './import-run-lease.js';
import { importRunModel, type ImportRunModel } from './import-run.js';
import { importedContactModel, type ImportedContactModel } from './imported-contact.js';
import { marketingEventMappingModel, type MarketingEventMappingModel } from './marketing-event-mapping.js';
import { parkedMessageModel, type ParkedMessageModel } from './parked-message.js';
import { syncLedgerEntryModel, type SyncLedgerEntryModel } from './sync-ledger-entry.js';
import { syncStatsModel, type SyncStatsModel } from './sync-stats.js';

/** Every model of the store, bound to one connection. */
export interface StoreModels {
  Connection: ConnectionModel;
  Activation: ActivationModel;
  MarketingEventMapping: MarketingEventMappingModel;
  CustomObjectSchema: CustomObjectSchemaModel;
  SyncLedgerEntry: SyncLedgerEntryModel;
  ImportRun: ImportRunModel;
  ImportRunLease: ImportRunLeaseModel;
  ImportedContact: ImportedContactModel;
  ParkedMessage: ParkedMessageModel;
  DeadLetter: DeadLetterModel;
  SyncStats: SyncStatsModel;
  ApiKey: ApiKeyModel;
}

/**
 * Registers every model on `connection` and returns them. Calling it twice on one connection
 * returns the models registered by the first call.
 */
export function createModels(connection: MongooseConnection): StoreModels {
  if (modelCache.has(connection)) return modelCache.get(connection)!;
  const models: StoreModels = {
    Connection: connectionModel(connection),
    Activation: activationModel(connection),
    MarketingEventMapping: marketingEventMappingModel(connection),
    CustomObjectSchema: customObjectSchemaModel(connection),
    SyncLedgerEntry: syncLedgerEntryModel(connection),
    ImportRun: importRunModel(connection),
    ImportRunLease: importRunLeaseModel(connection),
    ImportedContact: importedContactModel(connection),
    ParkedMessage: parkedMessageModel(connection),
    DeadLetter: deadLetterModel(connection),
    SyncStats: syncStatsModel(connection),
    ApiKey: apiKeyModel(connection),
  };
  modelCache.set(connection, models);
  return models;
}

// connection.model(name, schema) throws OverwriteModelError when the name is already registered.
const modelCache = new WeakMap<MongooseConnection, StoreModels>();
