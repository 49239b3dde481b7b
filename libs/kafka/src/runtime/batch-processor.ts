import { errorMessage, isKafkaError } from '../errors.js';
import type { KafkaLogger } from '../logger.js';
import type { BatchControl, ConsumedBatch, ConsumedRecord, TransactionalProducer } from '../port.js';
import { commitBatch } from './commit.js';
import { prepareBatch } from './decode-stage.js';
import { buildForwardPlan } from './forward-plan.js';
import type { OutcomeTally } from './forward-plan.js';
import { callHandler } from './handler-call.js';
import type { ResolvedRuntimeOptions } from './options.js';
import type { OutageTracker } from './outage.js';
import type { PartitionGate } from './partition-gate.js';
import type { TierLayout } from './tiers.js';

/** Dependencies of `BatchProcessor` on the runtime. */
export interface BatchProcessorDependencies<T> {
  options: ResolvedRuntimeOptions<T>;
  layout: TierLayout;
  producer: TransactionalProducer;
  gate: PartitionGate;
  outages: OutageTracker;
  isInfrastructureError: (error: unknown) => boolean;
  /** Aborted when the runtime gives up waiting for the batch in progress during shutdown. */
  shutdownSignal: AbortSignal;
  /** Called when a partition's infrastructure outage lasted longer than `maxOutageMs`. */
  onOutageTooLong: (error: unknown, outageMs: number) => void;
}

/**
 * Processes one batch of one partition: holds back records that are not due, decodes, calls the
 * handler, and commits the outcomes with the offsets. Never throws, except a rebalance error that
 * the Kafka client needs to rejoin the group.
 */
export class BatchProcessor<T> {
  readonly #deps: BatchProcessorDependencies<T>;

  constructor(deps: BatchProcessorDependencies<T>) {
    this.#deps = deps;
  }

  async process(batch: ConsumedBatch, control: BatchControl): Promise<void> {
    const first = batch.records[0];
    const last = batch.records.at(-1);
    if (first === undefined || last === undefined) {
      return;
    }
    const logger = this.#deps.options.logger.child({ topic: batch.topic, partition: batch.partition });
    this.#recordConsumed(batch, last);
    if (!control.isRunning()) {
      return;
    }

    try {
      await this.#process(batch, control, logger);
    } catch (error) {
      if (isKafkaError(error, 'KAFKA_ERR_REBALANCE')) {
        throw error;
      }
      // Only a bug gets here; throwing would make kafkajs restart the consumer on the same batch.
      this.#backOff(first, error, logger);
    }
  }

  async #process(batch: ConsumedBatch, control: BatchControl, logger: KafkaLogger): Promise<void> {
    const { options, layout, gate } = this.#deps;
    const first = batch.records[0]!;
    const last = batch.records.at(-1)!;

    const tier = layout.tierOf(batch.topic);
    const now = Date.now();
    const prepared = prepareBatch({
      batch,
      tier,
      schema: options.schema,
      maxRecordBytes: options.maxRecordBytes,
      now,
    });
    if (prepared.due.length === 0 && prepared.held !== null) {
      gate.holdFrom(positionOf(prepared.held.record), prepared.held.dueAt - now, 'retry record not due');
      return;
    }

    const called = await callHandler({
      options,
      prepared: prepared.due,
      control,
      logger,
      shutdownSignal: this.#deps.shutdownSignal,
      isInfrastructureError: this.#deps.isInfrastructureError,
    });
    if (called.status === 'rebalance') {
      logger.warn({ err: called.error, offset: first.offset }, 'group is rebalancing, batch not committed');
      throw called.error;
    }
    if (called.status === 'abandoned') {
      logger.warn(
        { offset: first.offset, records: batch.records.length },
        'batch abandoned at shutdown, not committed',
      );
      return;
    }
    if (called.status === 'infrastructure') {
      this.#backOff(first, called.error, logger);
      return;
    }

    const plan = buildForwardPlan({
      entries: prepared.due.map((entry, index) => ({ prepared: entry, outcome: called.outcomes[index]! })),
      layout,
      recordContext: options.recordContext,
      now: Date.now(),
    });
    const lastDue = prepared.due.at(-1)!.record;
    const nextOffset =
      prepared.held === null ? (BigInt(lastDue.offset) + 1n).toString() : prepared.held.record.offset;

    let result;
    try {
      result = await commitBatch({
        producer: this.#deps.producer,
        store: options.failedRecordStore,
        groupId: options.groupId,
        plan,
        nextOffset: { topic: batch.topic, partition: batch.partition, offset: nextOffset },
        control,
        isAbandoned: () => this.#deps.shutdownSignal.aborted,
        storeTimeoutMs: options.storeTimeoutMs,
      });
    } catch (error) {
      this.#backOff(first, error, logger);
      return;
    }

    if (result.status === 'aborted') {
      logger.warn(
        { reason: result.reason, offset: first.offset },
        'transaction aborted, batch not committed',
      );
      if (result.reason === 'rebalance') {
        throw result.error;
      }
      return;
    }

    this.#deps.outages.recordSuccess(batch);
    this.#recordOutcomes(plan.tally);
    logger.debug(
      { firstOffset: first.offset, nextOffset, records: prepared.due.length, forwarded: plan.records.length },
      'batch committed',
    );
    logForwarded(plan.tally, logger, first.offset);

    if (prepared.held !== null) {
      gate.holdFrom(
        positionOf(prepared.held.record),
        prepared.held.dueAt - Date.now(),
        'retry record not due',
      );
    } else {
      control.resolveOffset(last.offset);
    }
  }

  #backOff(first: ConsumedRecord, error: unknown, logger: KafkaLogger): void {
    const { backoffMs, outageMs, exceeded } = this.#deps.outages.recordFailure(first);
    logger.error(
      { err: error, offset: first.offset, backoffMs, outageMs },
      'infrastructure unavailable, batch not committed, partition paused',
    );
    this.#deps.gate.holdFrom(positionOf(first), backoffMs, errorMessage(error));
    if (exceeded) {
      this.#deps.onOutageTooLong(error, outageMs);
    }
  }

  #recordConsumed(batch: ConsumedBatch, last: ConsumedRecord): void {
    const { metrics } = this.#deps.options;
    metrics.recordsConsumed(batch.topic, batch.records.length);
    metrics.batchSize(batch.records.length);
    const lag = BigInt(batch.highWatermark) - BigInt(last.offset) - 1n;
    metrics.consumerLag(batch.topic, batch.partition, Number(lag > 0n ? lag : 0n));
  }

  #recordOutcomes(tally: OutcomeTally): void {
    const { metrics } = this.#deps.options;
    if (tally.applied > 0) {
      metrics.recordsApplied(tally.applied);
    }
    tally.skipped.forEach((reason) => metrics.recordSkipped(reason));
    tally.retried.forEach((tier) => metrics.recordRetried(tier));
    tally.deadLettered.forEach((reason) => metrics.recordDeadLettered(reason));
    tally.parked.forEach((reason) => metrics.recordParked(reason));
  }
}

function positionOf(record: ConsumedRecord) {
  return { topic: record.topic, partition: record.partition, offset: record.offset };
}

function logForwarded(tally: OutcomeTally, logger: KafkaLogger, firstOffset: string): void {
  if (tally.deadLettered.length > 0) {
    logger.warn({ firstOffset, reasons: tally.deadLettered }, 'records sent to the dead-letter topic');
  }
  if (tally.parked.length > 0) {
    logger.warn({ firstOffset, reasons: tally.parked }, 'records parked');
  }
  if (tally.retried.length > 0) {
    logger.info({ firstOffset, tiers: tally.retried }, 'records sent to retry tiers');
  }
}
