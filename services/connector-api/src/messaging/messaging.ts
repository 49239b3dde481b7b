import {
  configChangeRecordSchema,
  encodeRecord,
  importRequestRecordSchema,
  type ConfigChangeKind,
  type ImportRequestRecord,
} from '@oniva-hubspot/contracts';
import type { KafkaAdmin, KafkaProducer, OutgoingRecord, TopicSpec } from '@oniva-hubspot/kafka';

/** The Kafka records the API produces. */
export interface MessagingPort {
  /** Announces a change of an account's connection config, so every service drops its cache. */
  publishConfigChange(accountId: string, change: ConfigChangeKind): Promise<void>;
  /** Asks the importer to run an import. */
  publishImportRequest(request: ImportRequestRecord): Promise<void>;
  /** Produces records, for replays; resolves once every record is acknowledged. */
  produce(records: readonly OutgoingRecord[]): Promise<void>;
  /** Creates a topic with the partition count of `likeTopic` (1 when that is unknown), if missing. */
  ensureTopicLike(topic: string, likeTopic: string): Promise<void>;
}

export interface KafkaMessagingOptions {
  producer: KafkaProducer;
  admin: KafkaAdmin;
  topics: { configChanges: string; importRequests: string };
  now?: () => Date;
}

/** Partitions of the topics the API creates; records of one account or import keep their order by key. */
export const API_TOPIC_PARTITIONS = 3;

/** Produces the API's records through the Kafka port, validating each with its contract schema. */
export class KafkaMessaging implements MessagingPort {
  private readonly ensured = new Set<string>();
  private readonly now: () => Date;

  constructor(private readonly options: KafkaMessagingOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Creates the config-change and import-request topics if they do not exist yet. */
  async ensureTopics(): Promise<string[]> {
    const specs: TopicSpec[] = [this.options.topics.configChanges, this.options.topics.importRequests].map(
      (topic) => ({
        topic,
        partitions: API_TOPIC_PARTITIONS,
      }),
    );
    return this.options.admin.ensureTopics(specs);
  }

  async publishConfigChange(accountId: string, change: ConfigChangeKind): Promise<void> {
    const value = encodeRecord(configChangeRecordSchema, {
      schemaVersion: 1,
      accountId,
      change,
      occurredAt: this.now().toISOString(),
    });
    await this.options.producer.send([{ topic: this.options.topics.configChanges, key: accountId, value }]);
  }

  async publishImportRequest(request: ImportRequestRecord): Promise<void> {
    const value = encodeRecord(importRequestRecordSchema, request);
    await this.options.producer.send([
      { topic: this.options.topics.importRequests, key: request.importId, value },
    ]);
  }

  async produce(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length > 0) {
      await this.options.producer.send(records);
    }
  }

  async ensureTopicLike(topic: string, likeTopic: string): Promise<void> {
    if (this.ensured.has(topic)) {
      return;
    }
    const counts = await this.options.admin.partitionCounts([likeTopic]);
    await this.options.admin.ensureTopics([{ topic, partitions: counts.get(likeTopic) ?? 1 }]);
    this.ensured.add(topic);
  }
}
