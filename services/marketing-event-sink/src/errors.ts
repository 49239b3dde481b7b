/**
 * Errors that the marketing-event sink creates itself. HubSpot failures stay `HubSpotError`s from
 * the gateway; these codes cover the records that the sink rejects or holds back before or after
 * a HubSpot call.
 */

/** Closed list of the sink's error codes. */
export type SinkErrorCode =
  /** The booking's email address is missing or not a valid address after trimming and lower-casing. */
  | 'MARKETING_SINK_ERR_INVALID_EMAIL'
  /** The booking status has no HubSpot subscriber state in the connection's status mapping. */
  | 'MARKETING_SINK_ERR_UNMAPPED_STATUS'
  /** The event has no usable start and end instant. */
  | 'MARKETING_SINK_ERR_EVENT_TIMES_INVALID'
  /** The connection is marked unhealthy, so its records wait parked until it is fixed. */
  | 'MARKETING_SINK_ERR_CONNECTION_UNHEALTHY'
  /** The connection has no stored token to call HubSpot with. */
  | 'MARKETING_SINK_ERR_TOKEN_MISSING'
  /** HubSpot returned neither a result nor an error for an input. */
  | 'MARKETING_SINK_ERR_NO_RESULT'
  /** An unexpected exception while processing a record; the record is retried. */
  | 'MARKETING_SINK_ERR_UNEXPECTED';

/** Codes whose records may succeed when processed again later. */
const RETRYABLE_CODES: ReadonlySet<SinkErrorCode> = new Set([
  'MARKETING_SINK_ERR_NO_RESULT',
  'MARKETING_SINK_ERR_UNEXPECTED',
]);

/** Error created by the marketing-event sink, carried in dead-letter and parked records. */
export class SinkError extends Error {
  override readonly name = 'SinkError';
  readonly code: SinkErrorCode;
  /** Structured context for the dead-letter record, e.g. the rejected value. */
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: SinkErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }

  /** True when processing the same record again may succeed. */
  get retryable(): boolean {
    return RETRYABLE_CODES.has(this.code);
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}
