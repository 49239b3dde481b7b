import { formatRetryHeaders, RETRY_HEADERS, retryTopicName } from '@oniva-hubspot/contracts';
import type { OutgoingRecord } from '@oniva-hubspot/kafka';

import type { MessagingPort } from './messaging.js';

/** A parked or dead-lettered record to send through its source's retry tiers again. */
export interface ReplayRecord {
  source: { topic: string; partition: number; offset: string };
  key: string | null;
  value: Buffer | string | null;
  /** Original headers with their original names (see `decodeStoredHeaders`). */
  headers: Readonly<Record<string, string>>;
  /** When the record first failed (parked or dead-lettered). */
  firstFailedAt: Date;
  /** `<code>: <message>` of the failure that stopped it. */
  lastError: string;
}

const RETRY_HEADER_NAMES: ReadonlySet<string> = new Set(Object.values(RETRY_HEADERS));

/**
 * Produces each record to the first retry tier of its source topic (`<source>.retry.1`), due now,
 * with the attempt count reset to 1 and the original coordinates in the retry headers. The sink
 * handles it like any retried record; its ledger drops it if a newer version was applied since.
 * Resolves once every record is acknowledged by the broker.
 */
export async function replayToFirstRetryTier(
  messaging: MessagingPort,
  records: readonly ReplayRecord[],
  now: Date,
): Promise<void> {
  const outgoing: OutgoingRecord[] = [];
  for (const record of records) {
    const topic = retryTopicName(record.source.topic, 1);
    await messaging.ensureTopicLike(topic, record.source.topic);
    outgoing.push({
      topic,
      key: record.key,
      value: record.value,
      headers: {
        ...originalHeaders(record.headers),
        ...formatRetryHeaders({
          attempt: 1,
          dueAt: now.toISOString(),
          originalTopic: record.source.topic,
          originalPartition: record.source.partition,
          originalOffset: record.source.offset,
          firstFailedAt: record.firstFailedAt.toISOString(),
          lastError: record.lastError,
        }),
      },
    });
  }
  await messaging.produce(outgoing);
}

// Retry headers of an earlier attempt are replaced, every other header is kept.
function originalHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !RETRY_HEADER_NAMES.has(name)));
}
