import { randomUUID } from 'node:crypto';

import { configChangeRecordSchema, decodeRecord, type ConfigChangeRecord } from '@oniva-hubspot/contracts';
import type { KafkaClient, KafkaLogger } from '@oniva-hubspot/kafka';

/** Options of `listenToConfigChanges`. */
export interface ConfigChangeOptions {
  client: KafkaClient;
  topic: string;
  /** Prefix of the consumer group; each process adds a random suffix and reads every change. */
  groupIdPrefix: string;
  /**
   * Called for every valid change, in order per account. `live` is false for changes written
   * before this process started, which only need the cache invalidation.
   */
  onChange: (change: ConfigChangeRecord, live: boolean) => Promise<void>;
  logger: KafkaLogger;
}

/** A running config-change listener. */
export interface ConfigChangeListener {
  readonly groupId: string;
  stop(): Promise<void>;
}

/**
 * Reads the config-change topic in a consumer group of this process alone, so every replica
 * drops its cached config of a changed account at once. It commits no offsets, so a restarted
 * process reads the topic from the start. Invalid records and failed handlers are logged and
 * skipped: a missed change only delays a refresh until the cache lifetime ends.
 */
export async function listenToConfigChanges(options: ConfigChangeOptions): Promise<ConfigChangeListener> {
  const groupId = `${options.groupIdPrefix}.config-changes.${process.pid}-${randomUUID().slice(0, 8)}`;
  const logger = options.logger.child({ component: 'config-changes', groupId });
  const startedAtMs = Date.now();

  const admin = options.client.admin();
  await admin.connect();
  try {
    await admin.ensureTopics([{ topic: options.topic, partitions: 1 }]);
  } finally {
    await admin.disconnect();
  }

  const consumer = options.client.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe([options.topic]);
  await consumer.run({
    eachBatch: async (batch, control) => {
      for (const record of batch.records) {
        const decoded = decodeRecord(configChangeRecordSchema, record.value);
        if (decoded.ok) {
          await options
            .onChange(decoded.value, record.timestamp >= startedAtMs)
            .catch((error: unknown) =>
              logger.error(
                { err: error, accountId: decoded.value.accountId, change: decoded.value.change },
                'config change handling failed',
              ),
            );
        } else {
          logger.warn(
            { offset: record.offset, reason: decoded.reason, error: decoded.error.message },
            'invalid config change skipped',
          );
        }
        control.resolveOffset(record.offset);
      }
    },
  });
  logger.info({ topic: options.topic }, 'config change listener started');

  return {
    groupId,
    stop: async () => {
      await consumer.stop();
      await consumer.disconnect();
    },
  };
}
