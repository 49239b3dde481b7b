import {
  type BookingRecord,
  type EventRecord,
  eventRecordSchema,
  RETRY_HEADERS,
} from '@oniva-hubspot/contracts';
import { HubSpotGateway } from '@oniva-hubspot/hubspot-gateway';
import {
  createKafkajsClient,
  createMongoFailedRecordStore,
  createRuntimeMetrics,
  SinkRuntime,
  type KafkaClient,
  type KafkaError,
  type SinkRecord,
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

import { GatewayApiFactory } from './adapters/hubspot-api.js';
import { MongoConfigSource } from './adapters/mongo-config-source.js';
import { MongoHealthStore } from './adapters/mongo-health.js';
import { MongoLedger } from './adapters/mongo-ledger.js';
import { MongoMappingStore } from './adapters/mongo-mappings.js';
import { MongoStatsStore } from './adapters/mongo-stats.js';
import type { SinkEnv } from './config.js';
import { startConfigChangeListener, type ConfigChangeListener } from './config-changes.js';
import { handleEvents } from './events/handle-events.js';
import { ConnectionRecovery } from './health/recovery.js';
import { bookingInputSchema } from './input-schemas.js';
import { handleBookings } from './participation/handle-bookings.js';
import type { SinkDependencies, SinkInput } from './ports.js';

/** Options of `startSink`. */
export interface StartSinkOptions {
  config: SinkEnv;
  logger: Logger;
  registry: Registry;
  /** Called when a runtime stops after a fatal error (e.g. a long outage). Default: exit with code 1. */
  onFatalError?: (error: KafkaError) => void;
  /** Replaces the kafkajs client (tests). */
  kafka?: KafkaClient;
}

/** A started sink. */
export interface RunningSink {
  bookings: SinkRuntime<BookingRecord>;
  events: SinkRuntime<EventRecord>;
  models: StoreModels;
  mongo: MongooseConnection;
  recovery: ConnectionRecovery;
  /** Replays the account's parked bookings and events; returns how many records were replayed. */
  replayParked(accountId: string): Promise<number>;
  /** Returns false when a runtime stopped after a fatal error. */
  isRunning(): boolean;
  /** Stops consuming, finishes or abandons the batches in progress, and closes every connection. */
  stop(): Promise<void>;
}

/**
 * Connects to MongoDB, Kafka and HubSpot and starts the two consumers of the sink: bookings
 * (participants on marketing events) and events (the marketing events themselves), plus the
 * config-change listener and the connection recovery timer.
 */
export async function startSink(options: StartSinkOptions): Promise<RunningSink> {
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
  const hubspot = new GatewayApiFactory({ gateway, models, cipher, ttlMs: config.CONFIG_CACHE_TTL });
  const health = new MongoHealthStore(models);
  const deps: SinkDependencies = {
    config: configSource,
    ledger: new MongoLedger(models),
    mappings: new MongoMappingStore(models),
    health,
    stats: new MongoStatsStore(models),
    hubspot,
    defaultOrganizer: config.DEFAULT_EVENT_ORGANIZER,
    retryTierCount: config.RETRY_TIER_DELAYS.length,
    now: () => new Date(),
  };
  const invalidate = (accountId: string): void => {
    configSource.invalidateAccount(accountId);
    hubspot.invalidateAccount(accountId);
  };

  const failedRecordStore = createMongoFailedRecordStore(models);
  const metrics = createRuntimeMetrics(registry);
  const shared = {
    client: kafka,
    failedRecordStore,
    metrics,
    logger,
    retryDelaysMs: config.RETRY_TIER_DELAYS,
    partitionsConsumedConcurrently: config.PARTITIONS_CONSUMED_CONCURRENTLY,
    maxBytesPerPartition: config.KAFKA_MAX_BYTES_PER_PARTITION,
    maxWaitTimeMs: config.KAFKA_MAX_WAIT,
    sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT,
    heartbeatIntervalMs: config.KAFKA_HEARTBEAT_INTERVAL,
    maxBatchDurationMs: config.MAX_BATCH_DURATION,
    maxOutageMs: config.MAX_OUTAGE,
    shutdownTimeoutMs: Math.max(1_000, config.SHUTDOWN_TIMEOUT - 5_000),
    ...(config.KAFKA_INSTANCE_ID === undefined ? {} : { instanceId: config.KAFKA_INSTANCE_ID }),
    ...(options.onFatalError === undefined ? {} : { onFatalError: options.onFatalError }),
  };

  // Separate groups, because kafkajs assigns partitions as if every member of a group
  // subscribed to the same topics.
  const bookings = new SinkRuntime<BookingRecord>({
    ...shared,
    groupId: `${config.KAFKA_GROUP_ID}.bookings`,
    sourceTopic: config.BOOKINGS_TOPIC,
    schema: bookingInputSchema,
    handler: (records, context) =>
      handleBookings(records.map(toSinkInput), deps, { logger: context.logger, signal: context.signal }),
  });
  const events = new SinkRuntime<EventRecord>({
    ...shared,
    groupId: `${config.KAFKA_GROUP_ID}.events`,
    sourceTopic: config.EVENTS_TOPIC,
    schema: eventRecordSchema,
    handler: (records, context) =>
      handleEvents(records.map(toSinkInput), deps, { logger: context.logger, signal: context.signal }),
  });

  const replayParked = async (accountId: string): Promise<number> => {
    const fromBookings = await bookings.replayParked({ accountId });
    const fromEvents = await events.replayParked({ accountId });
    return fromBookings.replayed + fromEvents.replayed;
  };
  const recovery = new ConnectionRecovery({ models, health, invalidate, replay: replayParked, logger });

  await events.start();
  await bookings.start();
  let listener: ConfigChangeListener | undefined;
  try {
    listener = await startConfigChangeListener({
      client: kafka,
      topic: config.CONFIG_CHANGES_TOPIC,
      groupIdPrefix: config.KAFKA_GROUP_ID,
      logger,
      onChange: async (change, recent) => {
        invalidate(change.accountId);
        if (recent && (change.change === 'connection.created' || change.change === 'connection.updated')) {
          await recovery.onConnectionChanged(change.accountId, new Date(change.occurredAt));
        }
      },
    });
  } catch (error) {
    await Promise.allSettled([bookings.stop(), events.stop()]);
    throw error;
  }
  recovery.start(config.HEALTH_RECOVERY_INTERVAL);
  logger.info({ bookings: bookings.topics, events: events.topics }, 'marketing-event sink started');

  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    await recovery.stop();
    await listener?.stop();
    const results = await Promise.allSettled([bookings.stop(), events.stop()]);
    await mongo.close();
    for (const result of results) {
      if (result.status === 'rejected') {
        throw result.reason;
      }
    }
  };

  return {
    bookings,
    events,
    models,
    mongo,
    recovery,
    replayParked,
    isRunning: () => bookings.fatalError === undefined && events.fatalError === undefined,
    stop: () => (stopping ??= stop()),
  };
}

/**
 * Prefix of the `x-last-error` header that `replayParked` of `@oniva-hubspot/kafka` writes on a
 * replayed parked record. It distinguishes a replayed record from a retried one in the first tier.
 */
const REPLAYED_PARKED_PREFIX = 'parked as ';

function toSinkInput<T>(record: SinkRecord<T>): SinkInput<T> {
  const lastError = record.record.headers[RETRY_HEADERS.lastError];
  return {
    value: record.value,
    tier: record.tier,
    replayed: record.tier === 1 && lastError !== undefined && lastError.startsWith(REPLAYED_PARKED_PREFIX),
  };
}
