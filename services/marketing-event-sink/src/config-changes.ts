import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';

import { configChangeRecordSchema, decodeRecord, type ConfigChangeRecord } from '@oniva-hubspot/contracts';
import type { KafkaClient, KafkaConsumer, KafkaLogger } from '@oniva-hubspot/kafka';

/** Options of `startConfigChangeListener`. */
export interface ConfigChangeListenerOptions {
  client: KafkaClient;
  topic: string;
  /** Prefix of the consumer group id; a unique suffix per process is added. */
  groupIdPrefix: string;
  /**
   * Called for every valid config change, in order per account. `recent` is false for changes
   * written before this listener started: the process loaded nothing before it started, so those
   * only need the cheap cache invalidation.
   */
  onChange: (change: ConfigChangeRecord, recent: boolean) => Promise<void>;
  logger: KafkaLogger;
}

/** A running config-change listener. */
export interface ConfigChangeListener {
  readonly groupId: string;
  stop(): Promise<void>;
}

/**
 * Consumes the config-change topic in a consumer group of its own (unique per process), so every
 * replica receives every change and drops its cached config of the account at once. Offsets are never
 * committed: a restarted process reads the topic from the start and only invalidates.
 * Invalid records and handler errors are logged and skipped, because a config change that is
 * missed only delays a refresh until the cache lifetime ends.
 */
export async function startConfigChangeListener(
  options: ConfigChangeListenerOptions,
): Promise<ConfigChangeListener> {
  const groupId = `${options.groupIdPrefix}.config-changes.${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const logger = options.logger.child({ component: 'config-changes', groupId });
  const startedAt = Date.now();

  const admin = options.client.admin();
  await admin.connect();
  try {
    await admin.ensureTopics([{ topic: options.topic, partitions: 1 }]);
  } finally {
    await admin.disconnect();
  }

  const consumer: KafkaConsumer = options.client.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe([options.topic]);
  await consumer.run({
    eachBatch: async (batch, control) => {
      for (const record of batch.records) {
        const decoded = decodeRecord(configChangeRecordSchema, record.value);
        if (!decoded.ok) {
          logger.warn(
            {
              partition: batch.partition,
              offset: record.offset,
              reason: decoded.reason,
              error: decoded.error.message,
            },
            'invalid config change skipped',
          );
        } else {
          try {
            await options.onChange(decoded.value, record.timestamp >= startedAt);
          } catch (error) {
            logger.error(
              { err: error, accountId: decoded.value.accountId, change: decoded.value.change },
              'config change handling failed',
            );
          }
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
