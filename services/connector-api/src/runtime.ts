import { createKafkajsClient, createMongoFailedRecordStore } from '@oniva-hubspot/kafka';
import { HubSpotGateway } from '@oniva-hubspot/hubspot-gateway';
import { componentLogger, createMetrics, type Logger } from '@oniva-hubspot/observability';
import { connectStore, createModels, createTokenCipher, ensureIndexes } from '@oniva-hubspot/store';

import type { ConnectorApiConfig } from './config.js';
import type { AppDependencies } from './deps.js';
import { GatewayHubSpotPort } from './hubspot/gateway-adapter.js';
import { KafkaMessaging } from './messaging/messaging.js';
import { createParkedReplayer } from './messaging/parked-replayer.js';

/** The API's dependencies with the connections behind them, and how to close those. */
export interface ApiRuntime {
  deps: AppDependencies;
  /** Disconnects Kafka, closes HubSpot sockets and the database connection, in that order. */
  close(): Promise<void>;
}

/**
 * Connects to MongoDB (building indexes first) and Kafka (creating the API's topics), and builds
 * the HubSpot gateway. Throws when MongoDB or Kafka cannot be reached.
 */
export async function startRuntime(
  config: ConnectorApiConfig,
  env: Readonly<Record<string, string | undefined>>,
  logger: Logger,
): Promise<ApiRuntime> {
  const registry = createMetrics('connector-api');
  const database = await connectStore({ uri: config.MONGODB_URI, logger: componentLogger(logger, 'store') });
  await ensureIndexes(database);
  const models = createModels(database);

  const kafkaLogger = componentLogger(logger, 'kafka');
  const kafka = createKafkajsClient({
    brokers: config.KAFKA_BROKERS,
    clientId: config.KAFKA_CLIENT_ID,
    logger: kafkaLogger,
  });
  const admin = kafka.admin();
  const producer = kafka.producer();
  try {
    await admin.connect();
    await producer.connect();
  } catch (error) {
    await database.close();
    throw error;
  }

  const messaging = new KafkaMessaging({
    producer,
    admin,
    topics: { configChanges: config.TOPIC_CONFIG_CHANGES, importRequests: config.TOPIC_IMPORT_REQUESTS },
  });
  const created = await messaging.ensureTopics();
  if (created.length > 0) {
    logger.info({ topics: created }, 'topics created');
  }

  const gateway = new HubSpotGateway({
    basePath: config.HUBSPOT_BASE_PATH,
    timeoutMs: config.HUBSPOT_TIMEOUT,
    mongo: database,
    registry,
    logger,
  });

  const deps: AppDependencies = {
    config,
    env,
    logger,
    models,
    cipher: createTokenCipher({
      keys: config.TOKEN_ENCRYPTION_KEYS,
      activeKeyId: config.TOKEN_ENCRYPTION_ACTIVE_KEY_ID,
    }),
    hubspot: new GatewayHubSpotPort(gateway),
    messaging,
    replayParked: createParkedReplayer({
      producer,
      store: createMongoFailedRecordStore(models),
      messaging,
      sourceTopics: [config.TOPIC_BOOKINGS, config.TOPIC_EVENTS, config.TOPIC_LINKS],
      logger: kafkaLogger,
    }),
    registry,
    readiness: {
      mongodb: async () => {
        if (database.db === undefined) {
          throw new Error('no database connection');
        }
        await database.db.admin().ping();
      },
      kafka: async () => {
        await admin.partitionCounts([config.TOPIC_CONFIG_CHANGES]);
      },
    },
    now: () => new Date(),
  };

  return {
    deps,
    close: async () => {
      await producer
        .disconnect()
        .catch((error: unknown) => logger.warn({ err: error }, 'closing Kafka producer failed'));
      await admin
        .disconnect()
        .catch((error: unknown) => logger.warn({ err: error }, 'closing Kafka admin failed'));
      gateway.close();
      await database.close();
    },
  };
}
