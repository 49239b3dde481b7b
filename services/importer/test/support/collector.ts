import { createKafkajsClient, type KafkaConsumer } from '@oniva-hubspot/kafka';
import { uniqueName } from '@oniva-hubspot/testing';

/** A record read back from a topic, with its value parsed as JSON. */
export interface CollectedRecord {
  topic: string;
  key: string;
  value: Record<string, unknown>;
}

/**
 * Reads topics from the beginning with `read_committed` for the whole test file and keeps every
 * record, so tests can wait for what a run produced and count it.
 */
export class TopicCollector {
  readonly records: CollectedRecord[] = [];
  private consumer: KafkaConsumer | undefined;

  constructor(
    private readonly brokers: string[],
    private readonly topics: string[],
  ) {}

  async start(): Promise<void> {
    const client = createKafkajsClient({ brokers: this.brokers, clientId: 'importer-test-collector' });
    const consumer = client.consumer({ groupId: uniqueName('importer-collector'), maxWaitTimeMs: 100 });
    this.consumer = consumer;
    let joined: () => void = () => {};
    const hasJoined = new Promise<void>((resolve) => {
      joined = resolve;
    });
    consumer.onGroupJoin(() => joined());
    await consumer.connect();
    await consumer.subscribe(this.topics);
    await consumer.run({
      eachBatch: async (batch, control) => {
        for (const record of batch.records) {
          this.records.push({
            topic: batch.topic,
            key: record.key?.toString('utf8') ?? '',
            value: JSON.parse(record.value?.toString('utf8') ?? 'null') as Record<string, unknown>,
          });
          control.resolveOffset(record.offset);
        }
      },
    });
    await hasJoined;
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
    await this.consumer?.disconnect();
  }

  /** Records of `topic`, optionally only those of one import. */
  of(topic: string, importId?: string): CollectedRecord[] {
    return this.records.filter(
      (record) => record.topic === topic && (importId === undefined || record.value['importId'] === importId),
    );
  }
}
