import type { Admin, Kafka } from 'kafkajs';

import type { KafkaAdmin, TopicPartitionOffset, TopicSpec } from '../port.js';
import { toKafkaError } from './classify.js';

/** `KafkaAdmin` on a kafkajs admin client. */
export class KafkajsAdmin implements KafkaAdmin {
  readonly #admin: Admin;

  constructor(kafka: Kafka) {
    this.#admin = kafka.admin();
  }

  async connect(): Promise<void> {
    await wrap('connecting the admin client', () => this.#admin.connect());
  }

  async disconnect(): Promise<void> {
    await this.#admin.disconnect();
  }

  async ensureTopics(topics: readonly TopicSpec[]): Promise<string[]> {
    const existing = new Set(await wrap('listing topics', () => this.#admin.listTopics()));
    const missing = topics.filter((spec) => !existing.has(spec.topic));
    if (missing.length === 0) {
      return [];
    }

    // kafkajs returns false without waiting for leaders when another process created one of the
    // topics first. Fetching the metadata afterwards retries while a topic has no leader yet.
    await wrap(`creating topics ${missing.map((spec) => spec.topic).join(', ')}`, () =>
      this.#admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((spec) => ({
          topic: spec.topic,
          numPartitions: spec.partitions,
          replicationFactor: spec.replicationFactor ?? -1,
          configEntries: Object.entries(spec.config ?? {}).map(([name, value]) => ({ name, value })),
        })),
      }),
    );
    await wrap('reading metadata of the created topics', () =>
      this.#admin.fetchTopicMetadata({ topics: missing.map((spec) => spec.topic) }),
    );
    return missing.map((spec) => spec.topic);
  }

  async partitionCounts(topics: readonly string[]): Promise<Map<string, number>> {
    const existing = new Set(await wrap('listing topics', () => this.#admin.listTopics()));
    const present = topics.filter((topic) => existing.has(topic));
    const counts = new Map<string, number>();
    if (present.length === 0) {
      return counts;
    }
    const metadata = await wrap('reading topic metadata', () =>
      this.#admin.fetchTopicMetadata({ topics: present }),
    );
    for (const topic of metadata.topics) {
      counts.set(topic.name, topic.partitions.length);
    }
    return counts;
  }

  async committedOffsets(groupId: string, topic: string): Promise<TopicPartitionOffset[]> {
    const offsets = await wrap(`reading committed offsets of group ${groupId}`, () =>
      this.#admin.fetchOffsets({ groupId, topics: [topic] }),
    );
    return offsets.flatMap((entry) =>
      entry.partitions.map((partition) => ({
        topic: entry.topic,
        partition: partition.partition,
        offset: partition.offset,
      })),
    );
  }

  async deleteTopics(topics: readonly string[]): Promise<void> {
    await wrap('deleting topics', () => this.#admin.deleteTopics({ topics: [...topics] }));
  }
}

async function wrap<T>(operation: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw toKafkaError(error, operation);
  }
}
