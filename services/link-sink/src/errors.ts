/**
 * Errors that the link sink creates itself. HubSpot failures stay the gateway's `HubSpotError`s;
 * these codes cover what the sink rejects or detects around the HubSpot calls. Each code has one
 * kind, with the gateway's meaning: `retriable` (try again later), `connection` (every record of
 * the account fails the same way until a person fixes the connection) or `permanent` (this record
 * is rejected).
 */
export const LINK_SINK_ERROR_CODES = {
  /** The connection is marked unhealthy, so its records wait parked until it is fixed. */
  LINK_SINK_ERR_CONNECTION_UNHEALTHY: 'connection',
  /** The connection has no stored token to call HubSpot with. */
  LINK_SINK_ERR_TOKEN_MISSING: 'connection',
  /** The portal has no link schema and the token may not create one (`crm.schemas.custom.write`). */
  LINK_SINK_ERR_SCHEMA_MISSING: 'connection',
  /** A schema with the link schema's name exists but lacks a property the sink writes. */
  LINK_SINK_ERR_SCHEMA_INVALID: 'connection',
  /** The link schema has no USER_DEFINED association type with contacts in one direction. */
  LINK_SINK_ERR_ASSOCIATION_TYPE_MISSING: 'connection',
  /** HubSpot rejected a schema lookup or create in a way that no retry fixes. */
  LINK_SINK_ERR_SCHEMA_SETUP_FAILED: 'connection',
  /** The cached schema no longer exists in HubSpot; the cache was dropped and the record is retried. */
  LINK_SINK_ERR_SCHEMA_STALE: 'retriable',
  /** HubSpot returned no id for a contact or record it reported as written. */
  LINK_SINK_ERR_NO_RESULT: 'retriable',
  /** An unexpected exception while processing a record; the record is retried. */
  LINK_SINK_ERR_UNEXPECTED: 'retriable',
} as const satisfies Record<string, LinkSinkErrorKind>;

/** Kind of an error, which decides the consumer's reaction; the same kinds as the gateway's `HubSpotError`. */
export type LinkSinkErrorKind = 'retriable' | 'connection' | 'permanent';

/** Closed list of the link sink's error codes. */
export type LinkSinkErrorCode = keyof typeof LINK_SINK_ERROR_CODES;

/** Error created by the link sink; carried in dead-letter and parked records. */
export class LinkSinkError extends Error {
  override readonly name = 'LinkSinkError';
  readonly code: LinkSinkErrorCode;
  readonly kind: LinkSinkErrorKind;
  /** Structured context for dead-letter records and health diagnostics. */
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: LinkSinkErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.kind = LINK_SINK_ERROR_CODES[code];
    this.details = options.details;
  }

  /** True when processing the same record again may succeed without anyone changing anything. */
  get retryable(): boolean {
    return this.kind === 'retriable';
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      kind: this.kind,
      message: this.message,
      details: this.details,
    };
  }
}

/** Wraps a thrown value that is not an `Error`, so that outcomes always carry an `Error`. */
export function asError(thrown: unknown): Error {
  if (thrown instanceof Error) {
    return thrown;
  }
  return new LinkSinkError('LINK_SINK_ERR_UNEXPECTED', `Unexpected failure: ${String(thrown)}`, {
    cause: thrown,
  });
}
