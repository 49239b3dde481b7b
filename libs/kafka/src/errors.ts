/** Codes of every error this package throws or reports. */
export type KafkaErrorCode =
  /** The broker could not be reached or rejected a request; retrying later may succeed. */
  | 'KAFKA_ERR_BROKER'
  /** The group is rebalancing or this member left it; the batch must not be committed. */
  | 'KAFKA_ERR_REBALANCE'
  /** A transaction was aborted, so nothing of the batch was committed. */
  | 'KAFKA_ERR_TRANSACTION_ABORTED'
  /** Runtime or client options are invalid. */
  | 'KAFKA_ERR_INVALID_OPTIONS'
  /** A batch handler returned outcomes that do not match its records. */
  | 'KAFKA_ERR_INVALID_OUTCOMES'
  /** A record header written by the runtime could not be read. */
  | 'KAFKA_ERR_INVALID_RETRY_HEADERS'
  /** A write to the failed-record store did not finish in time; the batch is not committed. */
  | 'KAFKA_ERR_STORE_TIMEOUT'
  /** A handler reported `park`, but the runtime has no parking store. */
  | 'KAFKA_ERR_PARKING_UNAVAILABLE'
  /** Infrastructure stayed unavailable for longer than the configured outage window. */
  | 'KAFKA_ERR_OUTAGE_TOO_LONG'
  /** The consumer crashed and the client does not restart it. */
  | 'KAFKA_ERR_CONSUMER_CRASHED'
  /** Shutdown did not finish within its timeout. */
  | 'KAFKA_ERR_SHUTDOWN_TIMEOUT';

const RETRYABLE_CODES: ReadonlySet<KafkaErrorCode> = new Set([
  'KAFKA_ERR_BROKER',
  'KAFKA_ERR_REBALANCE',
  'KAFKA_ERR_TRANSACTION_ABORTED',
  'KAFKA_ERR_STORE_TIMEOUT',
]);

/** Error thrown by the Kafka port, its kafkajs adapter and the consumer runtime. */
export class KafkaError extends Error {
  override readonly name = 'KafkaError';
  readonly code: KafkaErrorCode;
  /** True when the same operation may succeed later without a change of input or configuration. */
  readonly retryable: boolean;

  constructor(code: KafkaErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.retryable = RETRYABLE_CODES.has(code);
  }
}

/** Returns whether `error` is a `KafkaError`, optionally with one of `codes`. */
export function isKafkaError(error: unknown, ...codes: KafkaErrorCode[]): error is KafkaError {
  return error instanceof KafkaError && (codes.length === 0 || codes.includes(error.code));
}

/** Returns a message for logs and error envelopes from any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    return error.message;
  }
  if (typeof error === 'string') {
    return error;
  }
  const message =
    typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  if (typeof message === 'string') {
    return message;
  }
  return JSON.stringify(error) ?? String(error);
}

/** Returns the `code` of a thrown value when it has a string code, else its class name or `UNKNOWN`. */
export function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.length > 0) {
      return code;
    }
    const name = (error as { name?: unknown }).name;
    if (typeof name === 'string' && name.length > 0) {
      return name;
    }
  }
  return 'UNKNOWN';
}
