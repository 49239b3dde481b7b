import { formatRetryHeaders, parseRetryHeaders, RETRY_HEADERS } from '@oniva-hubspot/contracts';
import type { RetryState } from '@oniva-hubspot/contracts';

import type { ConsumedRecord, RecordHeaders, TopicPartitionOffset } from '../port.js';

/**
 * Timestamp of the record in the source topic, in milliseconds since the epoch. Retry records keep
 * their own produce time as Kafka timestamp, because time-based retention would otherwise delete a
 * retried record that was old when it first failed.
 */
export const ORIGINAL_TIMESTAMP_HEADER = 'x-original-timestamp';

const RUNTIME_HEADER_NAMES: ReadonlySet<string> = new Set([
  ...Object.values(RETRY_HEADERS),
  ORIGINAL_TIMESTAMP_HEADER,
]);

/** Source position and failure history of a record, read from its topic and headers. */
export interface DeliveryState {
  source: TopicPartitionOffset;
  /** Timestamp of the record in the source topic, in milliseconds. */
  sourceTimestamp: number;
  /** Failed attempts before this delivery: 0 from the source topic. */
  failedAttempts: number;
  /** Due time in milliseconds since the epoch; 0 from the source topic. */
  dueAt: number;
  firstFailedAt: string | null;
}

/** Returns the headers of `record` without the runtime's retry headers. */
export function originalHeaders(headers: RecordHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!RUNTIME_HEADER_NAMES.has(name)) {
      result[name] = value;
    }
  }
  return result;
}

/**
 * Reads the delivery state of a consumed record. For a record of a retry tier it throws
 * `ContractsError` (`CONTRACTS_ERR_INVALID_RETRY_HEADERS`) when the retry headers are missing or invalid.
 */
export function readDeliveryState(record: ConsumedRecord, tier: number): DeliveryState {
  if (tier === 0) {
    return {
      source: { topic: record.topic, partition: record.partition, offset: record.offset },
      sourceTimestamp: record.timestamp,
      failedAttempts: 0,
      dueAt: 0,
      firstFailedAt: null,
    };
  }
  const state = parseRetryHeaders(record.headers);
  const originalTimestamp = Number(record.headers[ORIGINAL_TIMESTAMP_HEADER]);
  return {
    source: { topic: state.originalTopic, partition: state.originalPartition, offset: state.originalOffset },
    sourceTimestamp: Number.isSafeInteger(originalTimestamp) ? originalTimestamp : record.timestamp,
    failedAttempts: state.attempt,
    dueAt: Date.parse(state.dueAt),
    firstFailedAt: state.firstFailedAt,
  };
}

/** Returns the headers of a retry record: the original headers plus the retry state. */
export function retryRecordHeaders(input: {
  headers: RecordHeaders;
  state: RetryState;
  sourceTimestamp: number;
}): Record<string, string> {
  return {
    ...originalHeaders(input.headers),
    ...formatRetryHeaders(input.state),
    [ORIGINAL_TIMESTAMP_HEADER]: String(input.sourceTimestamp),
  };
}
