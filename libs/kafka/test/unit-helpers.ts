import type { BatchControl, ConsumedRecord, KafkaClient } from '../src/index.js';

export { KafkaError, defaultRecordContext, resolveRuntimeOptions } from '../src/index.js';

function notUsed(): never {
  throw new Error('unit tests do not reach the broker');
}

/** A client for option checks that never connects. */
export const testClientStub: KafkaClient = {
  admin: notUsed,
  producer: notUsed,
  transactionalProducer: notUsed,
  consumer: notUsed,
};

/** Batch controls for unit tests of the runtime's own logic; the Kafka client is not involved. */
export function batchControl(overrides: Partial<BatchControl> = {}): BatchControl & { resolved: string[] } {
  const resolved: string[] = [];
  return {
    resolved,
    heartbeat: async () => {},
    isRunning: () => true,
    isStale: () => false,
    resolveOffset: (offset) => {
      resolved.push(offset);
    },
    ...overrides,
  };
}

/** Returns a consumed record with a JSON value. */
export function consumedRecord(input: {
  topic?: string;
  offset: string;
  value: object | string | null;
  headers?: Record<string, string>;
  key?: string;
}): ConsumedRecord {
  const value =
    input.value === null
      ? null
      : Buffer.from(typeof input.value === 'string' ? input.value : JSON.stringify(input.value));
  return {
    topic: input.topic ?? 'oniva.bookings.v1',
    partition: 0,
    offset: input.offset,
    key: Buffer.from(input.key ?? 'event-1'),
    value,
    headers: input.headers ?? {},
    timestamp: Date.parse('2025-03-14T09:30:00Z'),
  };
}
