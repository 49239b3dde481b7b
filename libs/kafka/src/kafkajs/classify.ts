import { KafkaError } from '../errors.js';

// kafkajs protocol errors carry the broker's error name in `type`. These mean that the group is
// rebalancing or that this member is no longer part of it. kafkajs rejoins the group when one of
// them reaches its fetch loop.
const REBALANCE_ERROR_TYPES = new Set([
  'REBALANCE_IN_PROGRESS',
  'NOT_COORDINATOR_FOR_GROUP',
  'NOT_COORDINATOR',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
  'FENCED_INSTANCE_ID',
]);

// After these a kafkajs producer cannot continue its sequence or transaction state, so it has to be
// replaced by a new one (new producer id or epoch).
const FATAL_PRODUCER_ERROR_TYPES = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'DUPLICATE_SEQUENCE_NUMBER',
  'INVALID_PRODUCER_EPOCH',
  'PRODUCER_FENCED',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_ID_MAPPING',
  'INVALID_TXN_STATE',
  'TRANSACTION_COORDINATOR_FENCED',
]);

/** Returns the broker error names (`type`) found on `error` and its `cause` chain. */
export function errorTypes(error: unknown): string[] {
  const types: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 10 && typeof current === 'object' && current !== null; depth += 1) {
    const type = (current as { type?: unknown }).type;
    if (typeof type === 'string') {
      types.push(type);
    }
    current =
      (current as { cause?: unknown; originalError?: unknown }).cause ??
      (current as { originalError?: unknown }).originalError;
  }
  return types;
}

/** Returns whether a kafkajs error means a rebalance or the loss of group membership. */
export function isRebalanceError(error: unknown): boolean {
  return errorTypes(error).some((type) => REBALANCE_ERROR_TYPES.has(type));
}

/** Returns whether a kafkajs producer must be replaced after `error`. */
export function isFatalProducerError(error: unknown): boolean {
  if (errorTypes(error).some((type) => FATAL_PRODUCER_ERROR_TYPES.has(type))) {
    return true;
  }
  return error instanceof Error && error.name === 'KafkaJSNonRetriableError';
}

/** Wraps a kafkajs error into a retryable `KafkaError` that names the failed operation. */
export function toKafkaError(error: unknown, operation: string): KafkaError {
  if (error instanceof KafkaError) {
    return error;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (isRebalanceError(error)) {
    return new KafkaError(
      'KAFKA_ERR_REBALANCE',
      `${operation} failed because the consumer group is rebalancing: ${message}`,
      {
        cause: error,
      },
    );
  }
  return new KafkaError('KAFKA_ERR_BROKER', `${operation} failed: ${message}`, { cause: error });
}
