import type { DeepReadonly } from '@oniva-hubspot/config';
import type { ImportRequestRecord } from '@oniva-hubspot/contracts';
import type { HubSpotGateway } from '@oniva-hubspot/hubspot-gateway';
import type { KafkaClient, SinkRuntime } from '@oniva-hubspot/kafka';
import type { Logger, Registry } from '@oniva-hubspot/observability';
import { createModels, createTokenCipher, type StoreModels } from '@oniva-hubspot/store';
import type { Connection as MongooseConnection } from 'mongoose';

import type { ImporterConfig } from './config.js';
import { createRequestIntake } from './intake/request-intake.js';
import { createImporterMetrics } from './metrics.js';
import { Scheduler } from './run/scheduler.js';

/** Settings and clients the importer runs with; `main.ts` builds them from the environment. */
export interface ImporterServiceOptions {
  config: DeepReadonly<ImporterConfig>;
  mongo: MongooseConnection;
  kafka: KafkaClient;
  gateway: HubSpotGateway;
  registry: Registry;
  logger: Logger;
  /** Lease holder name of this process; unique per process by default. */
  owner?: string;
  /** Called when the request consumer stops for good; the default logs and exits the process. */
  onFatalError?: (error: Error) => void;
}

/** A running importer: the request consumer and the run scheduler. */
export interface ImporterService {
  models: StoreModels;
  scheduler: Scheduler;
  intake: SinkRuntime<ImportRequestRecord>;
  /** Stops consuming, lets each run release its lease at its last checkpoint, and disconnects. */
  stop(): Promise<void>;
}

/**
 * Starts the importer: creates its topics when missing, starts the run scheduler and joins the
 * consumer group of import requests. The indexes of the store must exist (`ensureIndexes`).
 */
export async function startImporter(options: ImporterServiceOptions): Promise<ImporterService> {
  const { config, logger } = options;
  const models = createModels(options.mongo);
  const cipher = createTokenCipher({
    keys: config.TOKEN_ENCRYPTION_KEYS,
    activeKeyId: config.TOKEN_ENCRYPTION_ACTIVE_KEY_ID,
  });
  await ensureTopics(options.kafka, config);

  const scheduler = new Scheduler(
    {
      models,
      cipher,
      gateway: options.gateway,
      kafka: options.kafka,
      topics: {
        contactImports: config.CONTACT_IMPORTS_TOPIC,
        accountImports: config.ACCOUNT_IMPORTS_TOPIC,
        importStatus: config.IMPORT_STATUS_TOPIC,
      },
      settings: {
        pageSize: config.IMPORT_PAGE_SIZE,
        pageAttempts: config.IMPORT_PAGE_ATTEMPTS,
        leaseTtlMs: config.IMPORT_LEASE_DURATION,
        transactionalIdPrefix: config.KAFKA_CLIENT_ID,
      },
      metrics: createImporterMetrics(options.registry),
      logger: logger.child({ component: 'import-runs' }),
    },
    {
      concurrency: config.IMPORT_CONCURRENCY,
      scanIntervalMs: config.IMPORT_SCAN_INTERVAL,
      ...(options.owner === undefined ? {} : { owner: options.owner }),
    },
  );
  scheduler.start();

  const intake = createRequestIntake({
    kafka: options.kafka,
    models,
    groupId: config.CONSUMER_GROUP,
    topic: config.IMPORT_REQUESTS_TOPIC,
    sessionTimeoutMs: config.CONSUMER_SESSION_TIMEOUT,
    registry: options.registry,
    logger,
    onRunsStored: () => scheduler.wake(),
    onFatalError: options.onFatalError,
  });
  try {
    await intake.start();
  } catch (error) {
    await scheduler.stop();
    throw error;
  }
  logger.info({ owner: scheduler.owner, concurrency: config.IMPORT_CONCURRENCY }, 'importer started');

  return {
    models,
    scheduler,
    intake,
    stop: async () => {
      await intake.stop();
      await scheduler.stop();
      logger.info({ owner: scheduler.owner }, 'importer stopped');
    },
  };
}

async function ensureTopics(kafka: KafkaClient, config: DeepReadonly<ImporterConfig>): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = [
      config.IMPORT_REQUESTS_TOPIC,
      config.CONTACT_IMPORTS_TOPIC,
      config.ACCOUNT_IMPORTS_TOPIC,
      config.IMPORT_STATUS_TOPIC,
    ];
    await admin.ensureTopics(topics.map((topic) => ({ topic, partitions: config.TOPIC_PARTITIONS })));
  } finally {
    await admin.disconnect();
  }
}
