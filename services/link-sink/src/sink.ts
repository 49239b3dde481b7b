import type { LinkRecord } from '@oniva-hubspot/contracts';
import { HubSpotGateway } from '@oniva-hubspot/hubspot-gateway';
import {
  SinkRuntime,
  createKafkajsClient,
  createMongoFailedRecordStore,
  createRuntimeMetrics,
  type KafkaClient,
  type KafkaError,
} from '@oniva-hubspot/kafka';
import type { Logger, Registry } from '@oniva-hubspot/observability';
import {
  connectStore,
  createModels,
  createTokenCipher,
  ensureIndexes,
  type StoreModels,
} from '@oniva-hubspot/store';
import type { Connection as MongooseConnection } from 'mongoose';

import { GatewayLinkApiFactory } from './adapters/gateway-api.js';
import { MongoConfigSource } from './adapters/mongo-config-source.js';
import { MongoHealthStore } from './adapters/mongo-health.js';
import { MongoLinkLedger } from './adapters/mongo-ledger.js';
import { MongoSchemaStore } from './adapters/mongo-schema-store.js';
import type { LinkSinkConfig } from './config.js';
import { listenToConfigChanges, type ConfigChangeListener } from './config-changes.js';
import { linkInputSchema } from './input-schema.js';
import { handleLinks } from './links/handle-links.js';
import type { LinkSinkDependencies } from './ports.js';
import { ParkedLinkRecovery } from './recovery.js';
import { LinkSchemaResolver } from './schema/schema-resolver.js';

/** Options of `startLinkSink`. */
export interface StartLinkSinkOptions {
  config: LinkSinkConfig;
  logger: Logger;
  registry: Registry;
  /** Called when the runtime stops after a fatal error (e.g. a long outage). Default: exit with code 1. */
  onFatalError?: (error: KafkaError) => void;
  /** Replaces the kafkajs client (tests). */
  kafka?: KafkaClient;
}

/** A started link sink. */
export interface RunningLinkSink {
  runtime: SinkRuntime<LinkRecord>;
  models: StoreModels;
  mongo: MongooseConnection;
  recovery: ParkedLinkRecovery;
  /** Returns false once the runtime stopped after a fatal error. */
  isRunning(): boolean;
  /** Stops consuming, finishes or abandons the batch in progress, and closes every connection. */
  stop(): Promise<void>;
}

/**
 * Connects to MongoDB, Kafka and HubSpot and starts the link consumer (group `CONSUMER_GROUP` on
 * `LINKS_TOPIC` and its retry tiers), the config-change listener and the parked-link recovery.
 */
export async function startLinkSink(options: StartLinkSinkOptions): Promise<RunningLinkSink> {
  const { config, logger, registry } = options;

  const mongo = await connectStore({ uri: config.MONGODB_URI, logger: logger.child({ component: 'store' }) });
  await ensureIndexes(mongo);
  const models = createModels(mongo);
  const cipher = createTokenCipher({
    keys: config.TOKEN_ENCRYPTION_KEYS,
    activeKeyId: config.TOKEN_ENCRYPTION_ACTIVE_KEY_ID,
  });
  const gateway = new HubSpotGateway({
    basePath: config.HUBSPOT_BASE_PATH,
    timeoutMs: config.HUBSPOT_TIMEOUT,
    mongo,
    registry,
    logger,
  });
  const kafka =
    options.kafka ??
    createKafkajsClient({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger });

  const configSource = new MongoConfigSource({ models, ttlMs: config.CONFIG_CACHE_TTL });
  const hubspot = new GatewayLinkApiFactory({ gateway, models, cipher, ttlMs: config.CONFIG_CACHE_TTL });
  const health = new MongoHealthStore(models);
  const deps: LinkSinkDependencies = {
    config: configSource,
    ledger: new MongoLinkLedger(models),
    health,
    hubspot,
    schemas: new LinkSchemaResolver({
      store: new MongoSchemaStore(models),
      schemaName: config.CUSTOM_OBJECT_NAME,
      logger: logger.child({ component: 'link-schema' }),
    }),
  };
  const invalidateAccount = (accountId: string): void => {
    configSource.invalidateAccount(accountId);
    hubspot.invalidateAccount(accountId);
  };

  const runtime = new SinkRuntime<LinkRecord>({
    client: kafka,
    groupId: config.CONSUMER_GROUP,
    sourceTopic: config.LINKS_TOPIC,
    schema: linkInputSchema,
    handler: (records, context) =>
      handleLinks(records, deps, { logger: context.logger, signal: context.signal }),
    failedRecordStore: createMongoFailedRecordStore(models),
    metrics: createRuntimeMetrics(registry),
    logger,
    retryDelaysMs: config.RETRY_TIER_DELAYS,
    partitionsConsumedConcurrently: config.PARTITIONS_CONSUMED_CONCURRENTLY,
    maxBytesPerPartition: config.KAFKA_MAX_BYTES_PER_PARTITION,
    maxWaitTimeMs: config.KAFKA_MAX_WAIT,
    sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT,
    heartbeatIntervalMs: config.KAFKA_HEARTBEAT_INTERVAL,
    maxBatchDurationMs: config.MAX_BATCH_DURATION,
    maxOutageMs: config.MAX_OUTAGE,
    // Leaves time within SHUTDOWN_TIMEOUT to close MongoDB and the config listener afterwards.
    shutdownTimeoutMs: Math.max(1_000, config.SHUTDOWN_TIMEOUT - 5_000),
    ...(config.KAFKA_INSTANCE_ID === undefined ? {} : { instanceId: config.KAFKA_INSTANCE_ID }),
    ...(options.onFatalError === undefined ? {} : { onFatalError: options.onFatalError }),
  });

  const recovery = new ParkedLinkRecovery({
    models,
    health,
    sourceTopic: config.LINKS_TOPIC,
    invalidateAccount,
    replay: async (accountId) => (await runtime.replayParked({ accountId })).replayed,
    logger: logger.child({ component: 'recovery' }),
  });

  await runtime.start();
  let listener: ConfigChangeListener;
  try {
    listener = await listenToConfigChanges({
      client: kafka,
      topic: config.CONFIG_CHANGES_TOPIC,
      groupIdPrefix: config.CONSUMER_GROUP,
      logger,
      onChange: async (change, live) => {
        invalidateAccount(change.accountId);
        if (live && (change.change === 'connection.created' || change.change === 'connection.updated')) {
          await recovery.onConnectionChanged(change.accountId);
        }
      },
    });
  } catch (error) {
    await runtime.stop().catch(() => undefined);
    await mongo.close();
    throw error;
  }
  recovery.start(config.HEALTH_RECOVERY_INTERVAL);
  logger.info({ topics: runtime.topics, groupId: config.CONSUMER_GROUP }, 'link sink started');

  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    await recovery.stop();
    await listener.stop();
    try {
      await runtime.stop();
    } finally {
      gateway.close();
      await mongo.close();
    }
  };

  return {
    runtime,
    models,
    mongo,
    recovery,
    isRunning: () => runtime.fatalError === undefined,
    stop: () => (stopping ??= stop()),
  };
}
