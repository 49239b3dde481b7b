import type { KafkaLogger } from '../logger.js';
import type { ConsumedRecord, TopicPartitionOffset } from '../port.js';
import type { RecordOutcome } from './outcome.js';

/** A valid record handed to a batch handler. */
export interface SinkRecord<T> {
  /** The decoded and validated value. */
  value: T;
  /** Record key decoded as UTF-8, or null. */
  key: string | null;
  /** The record as consumed, from the source topic or one of its retry tiers. */
  record: ConsumedRecord;
  /** Position of the record in the source topic, the same for every retry of it. */
  source: TopicPartitionOffset;
  /** 1 on the first delivery from the source topic, n + 1 when read from retry tier n. */
  attempt: number;
  /** 0 for the source topic, n for retry tier n. */
  tier: number;
  /** When the record first failed (ISO-8601), or null on the first attempt. */
  firstFailedAt: string | null;
}

/** Context of one handler call. */
export interface HandlerContext {
  topic: string;
  partition: number;
  /** Child logger bound to the topic and partition. */
  logger: KafkaLogger;
  /**
   * Keeps the group membership alive during long work. The runtime also heartbeats on a timer
   * while the handler runs, up to `maxBatchDurationMs`.
   */
  heartbeat(): Promise<void>;
  /** Aborted when the runtime stops or the batch is abandoned; pass it to HTTP calls. */
  signal: AbortSignal;
}

/**
 * Processes the valid records of one batch (one partition, in offset order) and returns one
 * outcome per record in the same order. The handler may group records as it likes.
 *
 * Throwing an error that `isInfrastructureError` accepts (database or broker unavailable) pauses
 * the partition and redelivers the whole batch after a backoff, without committing anything.
 * Throwing any other error turns every record of the batch into a `retry` outcome.
 */
export type BatchHandler<T> = (
  records: readonly SinkRecord<T>[],
  context: HandlerContext,
) => Promise<readonly RecordOutcome[]>;
