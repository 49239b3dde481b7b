import { formatRetryHeaders, retryTopicName } from '@oniva-hubspot/contracts';

import type { KafkaLogger } from '../logger.js';
import type { KafkaProducer, OutgoingRecord } from '../port.js';
import type { FailedRecordStore, ParkedRecord } from './failed-record-store.js';

/** Options of `replayParkedRecords`. */
export interface ReplayParkedOptions {
  producer: KafkaProducer;
  store: FailedRecordStore;
  sourceTopic: string;
  accountId: string;
  /** Max records replayed by this call. Default 10 000. */
  limit?: number;
  /** Records read, produced and deleted per step. Default 100. */
  pageSize?: number;
  logger: KafkaLogger;
}

/**
 * Sends an account's parked records back through the first retry tier of their source topic, due
 * at once, and deletes each page of parked documents after the broker acknowledged it. A crash
 * between the two steps replays those records again on the next call; the sinks' ledger skips the
 * second copy. Returns how many records were replayed.
 */
export async function replayParkedRecords(options: ReplayParkedOptions): Promise<{ replayed: number }> {
  const limit = options.limit ?? 10_000;
  const pageSize = options.pageSize ?? 100;
  const topic = retryTopicName(options.sourceTopic, 1);
  let replayed = 0;

  while (replayed < limit) {
    const parked = await options.store.listParked({
      accountId: options.accountId,
      topic: options.sourceTopic,
      limit: Math.min(pageSize, limit - replayed),
    });
    if (parked.length === 0) {
      break;
    }
    const now = new Date().toISOString();
    await options.producer.send(parked.map((record) => toRetryRecord(record, topic, now)));
    await options.store.deleteParked(parked.map((record) => record.source));
    replayed += parked.length;
    options.logger.info(
      { accountId: options.accountId, topic, records: parked.length, firstOffset: parked[0]!.source.offset },
      'parked records replayed',
    );
  }
  return { replayed };
}

function toRetryRecord(record: ParkedRecord, topic: string, now: string): OutgoingRecord {
  return {
    topic,
    key: record.key,
    value: record.value,
    headers: {
      ...record.headers,
      // The attempt count starts again at 1: the failures that parked the record were the
      // connection's, not the record's.
      ...formatRetryHeaders({
        attempt: 1,
        dueAt: now,
        originalTopic: record.source.topic,
        originalPartition: record.source.partition,
        originalOffset: record.source.offset,
        firstFailedAt: record.parkedAt.toISOString(),
        lastError: `parked as ${record.reason}: ${record.error.code}: ${record.error.message}`,
      }),
    },
  };
}
