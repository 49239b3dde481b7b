import { Kafka, logLevel } from 'kafkajs';

/** A record read back from a topic. */
export interface ReadRecord {
  key: string | null;
  value: string | null;
  /** The value as the broker returned it, for binary comparisons. */
  rawValue: Buffer | null;
  headers: Record<string, string>;
  partition: number;
}

/**
 * Reads `topic` from the beginning with a fresh consumer group until `until` returns true for the
 * records read so far, or `timeoutMs` (default 15 s) passed, and returns what arrived. A timeout
 * is not an error: the caller's assertions on the returned list report it.
 */
export async function readTopic(
  brokers: readonly string[],
  topic: string,
  options: { until: (records: readonly ReadRecord[]) => boolean; timeoutMs?: number },
): Promise<ReadRecord[]> {
  const kafka = new Kafka({
    clientId: 'connector-api-test-reader',
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
  });
  const consumer = kafka.consumer({ groupId: `reader-${topic}-${Date.now()}-${Math.random()}` });
  const records: ReadRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.timeoutMs ?? 15_000);
      void consumer.run({
        eachMessage: async ({ message, partition }) => {
          records.push({
            key: message.key?.toString('utf8') ?? null,
            value: message.value?.toString('utf8') ?? null,
            rawValue: message.value ?? null,
            headers: Object.fromEntries(
              Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
            ),
            partition,
          });
          if (options.until(records)) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}
