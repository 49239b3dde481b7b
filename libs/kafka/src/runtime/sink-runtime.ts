import { isDatabaseUnavailableError } from '@oniva-hubspot/store';

import { KafkaError, errorMessage, isKafkaError } from '../errors.js';
import type { KafkaLogger } from '../logger.js';
import type { KafkaConsumer, KafkaProducer, TransactionalProducer } from '../port.js';
import { BatchProcessor } from './batch-processor.js';
import type { ResolvedRuntimeOptions, SinkRuntimeOptions } from './options.js';
import { resolveRuntimeOptions } from './options.js';
import { OutageTracker } from './outage.js';
import { PartitionGate } from './partition-gate.js';
import { replayParkedRecords } from './replay-parked.js';
import { stopWithin } from './shutdown.js';
import { TierLayout } from './tiers.js';
import { ensureRuntimeTopics } from './topics.js';

type RuntimeState = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped';

/**
 * Consumes a source topic and its retry tiers in one consumer group and hands valid records to a
 * batch handler. Offsets are committed in the same Kafka transaction as the retry and dead-letter
 * records of the batch, after parked records and the dead-letter mirror are stored in MongoDB, so
 * no committed offset passes a record whose effect is not durable.
 */
export class SinkRuntime<T> {
  readonly #options: ResolvedRuntimeOptions<T>;
  readonly #layout: TierLayout;
  readonly #logger: KafkaLogger;
  readonly #shutdownAbort = new AbortController();
  #state: RuntimeState = 'idle';
  #consumer: KafkaConsumer | undefined;
  #producer: TransactionalProducer | undefined;
  #replayProducer: KafkaProducer | undefined;
  #gate: PartitionGate | undefined;
  #stopping: Promise<void> | undefined;
  #crashSeriesStartedAt: number | null = null;
  #fatalError: KafkaError | undefined;

  /** Throws `KafkaError` (`KAFKA_ERR_INVALID_OPTIONS`) when an option is invalid. */
  constructor(options: SinkRuntimeOptions<T>) {
    this.#options = resolveRuntimeOptions(options);
    this.#layout = new TierLayout(this.#options.sourceTopic, this.#options.retryDelaysMs);
    this.#logger = this.#options.logger.child({ component: 'sink-runtime', groupId: this.#options.groupId });
  }

  /** The source topic, its retry tiers and its dead-letter topic. */
  get topics(): { source: string; retry: readonly string[]; deadLetter: string } {
    return {
      source: this.#layout.sourceTopic,
      retry: this.#layout.retryTopics,
      deadLetter: this.#layout.deadLetterTopic,
    };
  }

  /** The fatal error that stopped the runtime, if any. */
  get fatalError(): KafkaError | undefined {
    return this.#fatalError;
  }

  /**
   * Creates the retry and dead-letter topics when missing, connects, joins the consumer group and
   * starts consuming in the background. Throws `KafkaError` when the source topic does not exist
   * or the broker cannot be reached.
   */
  async start(): Promise<void> {
    if (this.#state !== 'idle') {
      throw new KafkaError(
        'KAFKA_ERR_INVALID_OPTIONS',
        `Cannot start a sink runtime that is ${this.#state}; create a new one.`,
      );
    }
    this.#state = 'starting';
    const options = this.#options;

    await ensureRuntimeTopics({
      admin: options.client.admin(),
      layout: this.#layout,
      create: options.createTopics,
      logger: this.#logger,
    });

    const producer = options.client.transactionalProducer({
      transactionalId: `${options.groupId}.${options.instanceId}`,
      transactionTimeoutMs: options.transactionTimeoutMs,
    });
    this.#producer = producer;
    await producer.connect();

    const consumer = options.client.consumer({
      groupId: options.groupId,
      sessionTimeoutMs: options.sessionTimeoutMs,
      heartbeatIntervalMs: options.heartbeatIntervalMs,
      maxWaitTimeMs: options.maxWaitTimeMs,
      maxBytesPerPartition: options.maxBytesPerPartition,
      restartOnFailure: async (error) => this.#shouldRestart(error),
    });
    this.#consumer = consumer;
    const gate = new PartitionGate(consumer, this.#logger);
    this.#gate = gate;
    const processor = new BatchProcessor({
      options,
      layout: this.#layout,
      producer,
      gate,
      outages: new OutageTracker({
        initialMs: options.backoffInitialMs,
        maxMs: options.backoffMaxMs,
        maxOutageMs: options.maxOutageMs,
      }),
      isInfrastructureError: options.isInfrastructureError ?? isInfrastructureError,
      shutdownSignal: this.#shutdownAbort.signal,
      onOutageTooLong: (error, outageMs) =>
        this.#fail(
          new KafkaError(
            'KAFKA_ERR_OUTAGE_TOO_LONG',
            `Infrastructure has been unavailable for ${Math.round(outageMs / 1000)} s, longer than maxOutageMs ` +
              `(${options.maxOutageMs} ms): ${errorMessage(error)}. Stopping so the orchestrator restarts the process.`,
            { cause: error },
          ),
        ),
    });

    consumer.onGroupJoin(() => {
      this.#crashSeriesStartedAt = null;
    });
    consumer.onCrash((crash) => {
      if (!crash.restarting && this.#state === 'running') {
        this.#fail(
          new KafkaError(
            'KAFKA_ERR_CONSUMER_CRASHED',
            `The consumer stopped after a crash: ${crash.error.message}`,
            {
              cause: crash.error,
            },
          ),
        );
      }
    });

    await consumer.connect();
    await consumer.subscribe(this.#layout.consumedTopics);
    await consumer.run({
      eachBatch: (batch, control) => processor.process(batch, control),
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
    });
    this.#state = 'running';
    this.#logger.info(
      { topics: this.#layout.consumedTopics, instanceId: options.instanceId },
      'sink runtime started',
    );
  }

  /**
   * Stops fetching, lets the batch in progress finish (or abandons it uncommitted when it outlasts
   * most of `shutdownTimeoutMs`), then disconnects. Throws `KafkaError` (`KAFKA_ERR_SHUTDOWN_TIMEOUT`)
   * when the clients did not stop within `shutdownTimeoutMs`; nothing uncommitted is lost either way.
   */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  /**
   * Replays an account's parked records through the first retry tier (see `replayParkedRecords`).
   * Call it when the account's connection is healthy again. Returns how many records were replayed.
   */
  async replayParked(input: { accountId: string; limit?: number }): Promise<{ replayed: number }> {
    const store = this.#options.failedRecordStore;
    if (store === undefined) {
      throw new KafkaError(
        'KAFKA_ERR_PARKING_UNAVAILABLE',
        'Cannot replay parked records without a failedRecordStore; pass one to SinkRuntime.',
      );
    }
    this.#replayProducer ??= this.#options.client.producer();
    return replayParkedRecords({
      producer: this.#replayProducer,
      store,
      sourceTopic: this.#layout.sourceTopic,
      accountId: input.accountId,
      ...(input.limit === undefined ? {} : { limit: input.limit }),
      logger: this.#logger,
    });
  }

  async #stop(): Promise<void> {
    const previous = this.#state;
    this.#state = 'stopping';
    this.#gate?.close();
    if (previous === 'idle') {
      this.#state = 'stopped';
      return;
    }
    const timedOut = await stopWithin({
      timeoutMs: this.#options.shutdownTimeoutMs,
      logger: this.#logger,
      consumer: this.#consumer,
      producers: [this.#producer, this.#replayProducer],
      abandonBatch: () => this.#shutdownAbort.abort(),
    });
    this.#state = 'stopped';
    this.#logger.info({ timedOut }, 'sink runtime stopped');
    if (timedOut) {
      throw new KafkaError(
        'KAFKA_ERR_SHUTDOWN_TIMEOUT',
        `The sink runtime did not stop within ${this.#options.shutdownTimeoutMs} ms; uncommitted records will be delivered again.`,
      );
    }
  }

  // kafkajs restarts a crashed consumer after retriable errors (e.g. the broker is unreachable).
  // Crashes count as one outage until the member joins the group again; a longer outage stops the
  // runtime instead of restarting forever.
  async #shouldRestart(error: Error): Promise<boolean> {
    if (this.#state !== 'running') {
      return false;
    }
    const now = Date.now();
    this.#crashSeriesStartedAt ??= now;
    const outageMs = now - this.#crashSeriesStartedAt;
    if (outageMs > this.#options.maxOutageMs) {
      this.#logger.error(
        { err: error, outageMs },
        'consumer keeps crashing for longer than maxOutageMs, not restarting',
      );
      return false;
    }
    return true;
  }

  #fail(error: KafkaError): void {
    if (this.#fatalError !== undefined) {
      return;
    }
    this.#fatalError = error;
    this.#logger.error({ err: error }, 'sink runtime stopping after a fatal error');
    const report = this.#options.onFatalError ?? exitProcess;
    this.stop()
      .catch((stopError: unknown) =>
        this.#logger.error({ err: stopError }, 'stopping after a fatal error failed'),
      )
      .finally(() => report(error));
  }
}

/**
 * Default `isInfrastructureError`: retryable `KafkaError`s (broker unavailable) and MongoDB
 * server-selection and network errors.
 */
export function isInfrastructureError(error: unknown): boolean {
  return (isKafkaError(error) && error.retryable) || isDatabaseUnavailableError(error);
}

function exitProcess(error: KafkaError): void {
  console.error(`sink runtime stopped: ${error.code}: ${error.message}`);
  process.exit(1);
}
