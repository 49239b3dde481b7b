import { KafkaError } from '../errors.js';
import type { KafkaLogger } from '../logger.js';
import type { KafkaAdmin } from '../port.js';
import type { TierLayout } from './tiers.js';

/**
 * Checks that the source topic exists and creates its missing retry and dead-letter topics with the
 * source's partition count (so a key lands on the same partition number in every tier). With
 * `create` off, missing topics are only logged: forwarding to them fails until they exist, and the
 * batch is then not committed. Throws `KafkaError` when the source topic does not exist.
 */
export async function ensureRuntimeTopics(input: {
  admin: KafkaAdmin;
  layout: TierLayout;
  create: boolean;
  logger: KafkaLogger;
}): Promise<void> {
  const { admin, layout, logger } = input;
  const derived = [...layout.retryTopics, layout.deadLetterTopic];
  await admin.connect();
  try {
    const counts = await admin.partitionCounts([layout.sourceTopic, ...derived]);
    const partitions = counts.get(layout.sourceTopic);
    if (partitions === undefined) {
      throw new KafkaError(
        'KAFKA_ERR_INVALID_OPTIONS',
        `Source topic "${layout.sourceTopic}" does not exist. Create it (the broker does not create topics ` +
          'automatically) or fix the configured topic name.',
      );
    }

    const missing = derived.filter((topic) => !counts.has(topic));
    if (missing.length === 0) {
      return;
    }
    if (!input.create) {
      logger.warn({ topics: missing }, 'retry or dead-letter topics missing and createTopics is off');
      return;
    }
    const created = await admin.ensureTopics(missing.map((topic) => ({ topic, partitions })));
    logger.info({ topics: created, partitions }, 'retry and dead-letter topics created');
  } finally {
    await admin.disconnect();
  }
}
