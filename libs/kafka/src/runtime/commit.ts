import { KafkaError, isKafkaError } from '../errors.js';
import type { BatchControl, TopicPartitionOffset, TransactionalProducer } from '../port.js';
import type { FailedRecordStore } from './failed-record-store.js';
import type { ForwardPlan } from './forward-plan.js';

/** Result of `commitBatch`: committed, or aborted because the batch must not be committed. */
export type CommitResult =
  | { status: 'committed' }
  | { status: 'aborted'; reason: 'rebalance'; error: Error }
  | { status: 'aborted'; reason: 'stale' | 'abandoned' };

/**
 * Makes a batch's outcomes durable and commits its offsets:
 * 1. parked records and the dead-letter mirror are written to MongoDB (idempotent on the source
 *    position, so a crash before step 2 only repeats them);
 * 2. in one Kafka transaction, the retry and dead-letter records are produced and the consumed
 *    offsets are added. The transaction commits only while this member still owns the partition.
 *
 * Throws when MongoDB or Kafka fails; the transaction is then aborted and nothing is committed.
 */
export async function commitBatch(input: {
  producer: TransactionalProducer;
  store: FailedRecordStore | undefined;
  groupId: string;
  plan: ForwardPlan;
  /** The partition and the offset of the next record to read after this batch. */
  nextOffset: TopicPartitionOffset;
  control: BatchControl;
  /** Returns true when the batch is being abandoned (shutdown timed out). */
  isAbandoned: () => boolean;
  /** Max time of each store write, in milliseconds. */
  storeTimeoutMs: number;
}): Promise<CommitResult> {
  const { plan, store } = input;
  if (store !== undefined) {
    if (plan.parked.length > 0) {
      await withTimeout(
        store.park(plan.parked),
        input.storeTimeoutMs,
        `parking ${plan.parked.length} records`,
      );
    }
    if (plan.deadLetters.length > 0) {
      await withTimeout(
        store.recordDeadLetters(plan.deadLetters),
        input.storeTimeoutMs,
        `storing ${plan.deadLetters.length} dead-letter copies`,
      );
    }
  }

  const transaction = await input.producer.begin();
  try {
    await transaction.send(plan.records);
    await transaction.sendOffsets(input.groupId, [input.nextOffset]);

    // A successful heartbeat proves that this member owns its partitions for at least the session
    // timeout. kafkajs skips the request when a heartbeat succeeded within the heartbeat interval.
    try {
      await input.control.heartbeat();
    } catch (error) {
      if (isKafkaError(error, 'KAFKA_ERR_REBALANCE')) {
        await transaction.abort();
        return { status: 'aborted', reason: 'rebalance', error };
      }
      throw error;
    }
    if (input.control.isStale()) {
      await transaction.abort();
      return { status: 'aborted', reason: 'stale' };
    }
    if (input.isAbandoned()) {
      await transaction.abort();
      return { status: 'aborted', reason: 'abandoned' };
    }

    await transaction.commit();
    return { status: 'committed' };
  } catch (error) {
    await transaction.abort();
    throw error;
  }
}

// A store write that outlives the timeout may still finish later. That is harmless, because every
// write is idempotent on the source position and the batch is delivered again.
async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, operation: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new KafkaError(
            'KAFKA_ERR_STORE_TIMEOUT',
            `${operation} timed out after ${timeoutMs} ms; is MongoDB reachable?`,
          ),
        ),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
