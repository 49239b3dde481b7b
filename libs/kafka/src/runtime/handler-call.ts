import { KafkaError, isKafkaError } from '../errors.js';
import type { KafkaLogger } from '../logger.js';
import type { BatchControl } from '../port.js';
import type { PreparedRecord } from './decode-stage.js';
import type { HandlerContext, SinkRecord } from './handler.js';
import { startHeartbeats } from './heartbeat.js';
import type { RecordOutcome } from './outcome.js';
import { outcome as makeOutcome } from './outcome.js';
import type { ResolvedRuntimeOptions } from './options.js';

/** Result of calling the batch handler. */
export type HandlerCallResult =
  /** One outcome per prepared record, in order, including the dead-letter outcomes of rejected records. */
  | { status: 'outcomes'; outcomes: RecordOutcome[] }
  /** The handler threw an infrastructure error: redeliver the whole batch after a backoff. */
  | { status: 'infrastructure'; error: unknown }
  /** The group started rebalancing during the call: commit nothing and let the client rejoin. */
  | { status: 'rebalance'; error: Error }
  /** The runtime is stopping and gave up waiting for the handler: commit nothing. */
  | { status: 'abandoned' };

const OUTCOME_KINDS = new Set(['applied', 'skipped', 'retry', 'dead-letter', 'park']);

/**
 * Calls the handler with the valid records of a batch while heartbeating, and returns one outcome
 * per prepared record. Rejected records get their dead-letter outcome without reaching the handler.
 */
export async function callHandler<T>(input: {
  options: ResolvedRuntimeOptions<T>;
  prepared: readonly PreparedRecord<T>[];
  control: BatchControl;
  logger: KafkaLogger;
  /** Aborted when the runtime gives up waiting for the batch during shutdown. */
  shutdownSignal: AbortSignal;
  isInfrastructureError: (error: unknown) => boolean;
}): Promise<HandlerCallResult> {
  const { options, prepared, logger } = input;
  const valid = prepared.flatMap((entry) => (entry.sink === null ? [] : [entry.sink]));

  let handlerOutcomes: readonly RecordOutcome[] = [];
  if (valid.length > 0) {
    const result = await runWithHeartbeats(input, valid);
    if (result.status !== 'outcomes') {
      return result;
    }
    handlerOutcomes = checkOutcomes(result.outcomes, valid.length, logger);
    handlerOutcomes = replaceParkWithoutStore(handlerOutcomes, options, logger);
  }

  let next = 0;
  const outcomes = prepared.map((entry) => {
    if (entry.rejection !== null) {
      return makeOutcome.deadLetter(entry.rejection.reason, entry.rejection.error);
    }
    const handled = handlerOutcomes[next];
    next += 1;
    return handled!;
  });
  return { status: 'outcomes', outcomes };
}

async function runWithHeartbeats<T>(
  input: Parameters<typeof callHandler<T>>[0],
  valid: SinkRecord<T>[],
): Promise<HandlerCallResult> {
  const { options, control, logger } = input;
  const batchAbort = new AbortController();
  let rebalance: Error | undefined;
  const onShutdown = (): void =>
    batchAbort.abort(new KafkaError('KAFKA_ERR_SHUTDOWN_TIMEOUT', 'The runtime is stopping.'));
  input.shutdownSignal.addEventListener('abort', onShutdown, { once: true });
  const stopHeartbeats = startHeartbeats({
    control,
    intervalMs: options.heartbeatIntervalMs,
    maxDurationMs: options.maxBatchDurationMs,
    logger,
    onRebalance: (error) => {
      rebalance ??= error;
      batchAbort.abort(error);
    },
  });

  const first = valid[0]!.record;
  const context: HandlerContext = {
    topic: first.topic,
    partition: first.partition,
    logger,
    heartbeat: () => control.heartbeat(),
    signal: batchAbort.signal,
  };

  try {
    const outcomes = await options.handler(valid, context);
    if (rebalance !== undefined) {
      return { status: 'rebalance', error: rebalance };
    }
    if (input.shutdownSignal.aborted) {
      return { status: 'abandoned' };
    }
    return { status: 'outcomes', outcomes: [...outcomes] };
  } catch (error) {
    if (rebalance !== undefined || isKafkaError(error, 'KAFKA_ERR_REBALANCE')) {
      return { status: 'rebalance', error: rebalance ?? (error as Error) };
    }
    if (input.shutdownSignal.aborted) {
      return { status: 'abandoned' };
    }
    if (input.isInfrastructureError(error)) {
      return { status: 'infrastructure', error };
    }
    logger.error(
      { err: error, records: valid.length },
      'batch handler failed, retrying every record of the batch',
    );
    return { status: 'outcomes', outcomes: valid.map(() => makeOutcome.retry(error)) };
  } finally {
    stopHeartbeats();
    input.shutdownSignal.removeEventListener('abort', onShutdown);
  }
}

function checkOutcomes(
  outcomes: readonly RecordOutcome[],
  expected: number,
  logger: KafkaLogger,
): readonly RecordOutcome[] {
  const valid =
    Array.isArray(outcomes) &&
    outcomes.length === expected &&
    outcomes.every((entry) => typeof entry === 'object' && entry !== null && OUTCOME_KINDS.has(entry.kind));
  if (valid) {
    return outcomes;
  }
  const error = new KafkaError(
    'KAFKA_ERR_INVALID_OUTCOMES',
    `The batch handler returned ${Array.isArray(outcomes) ? outcomes.length : 'no array of'} outcomes for ${expected} records; ` +
      'return exactly one outcome per record, in the order of the records.',
  );
  logger.error({ err: error }, 'batch handler returned invalid outcomes, retrying every record of the batch');
  return Array.from({ length: expected }, () => makeOutcome.retry(error));
}

function replaceParkWithoutStore<T>(
  outcomes: readonly RecordOutcome[],
  options: ResolvedRuntimeOptions<T>,
  logger: KafkaLogger,
): readonly RecordOutcome[] {
  if (options.failedRecordStore !== undefined || !outcomes.some((entry) => entry.kind === 'park')) {
    return outcomes;
  }
  const error = new KafkaError(
    'KAFKA_ERR_PARKING_UNAVAILABLE',
    'The batch handler parked a record, but the runtime has no failedRecordStore; pass one to SinkRuntime.',
  );
  logger.error({ err: error }, 'cannot park records without a store, retrying them instead');
  return outcomes.map((entry) => (entry.kind === 'park' ? makeOutcome.retry(error) : entry));
}
