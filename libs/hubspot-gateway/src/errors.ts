/**
 * The one error type that leaves the gateway. `classify.ts` decides the code and kind of every
 * HubSpot failure; callers route on `kind` and never inspect statuses or messages themselves.
 */

/**
 * Kind of a failure, which decides how a caller reacts:
 * - `retriable`: the same call may succeed later (burst limit, 5xx, 423, 477, timeout, reset);
 * - `connection`: every call of this connection fails the same way until a person fixes the token,
 *   the scopes or the subscription, or until the daily limit resets;
 * - `permanent`: this input is rejected (validation, not found, conflict); retrying cannot help.
 */
export type HubSpotErrorKind = 'retriable' | 'connection' | 'permanent';

export const HUBSPOT_ERROR_CODES = {
  HUBSPOT_RATE_LIMITED: 'retriable',
  HUBSPOT_SERVER_ERROR: 'retriable',
  HUBSPOT_LOCKED: 'retriable',
  HUBSPOT_MIGRATION_IN_PROGRESS: 'retriable',
  HUBSPOT_TIMEOUT: 'retriable',
  HUBSPOT_NETWORK_ERROR: 'retriable',
  HUBSPOT_ABORTED: 'retriable',
  HUBSPOT_RESULT_MISSING: 'retriable',
  HUBSPOT_DAILY_LIMIT_REACHED: 'connection',
  HUBSPOT_TOKEN_INVALID: 'connection',
  HUBSPOT_MISSING_SCOPES: 'connection',
  HUBSPOT_CUSTOM_OBJECTS_UNAVAILABLE: 'connection',
  HUBSPOT_FORBIDDEN: 'connection',
  HUBSPOT_VALIDATION_FAILED: 'permanent',
  HUBSPOT_NOT_FOUND: 'permanent',
  HUBSPOT_CONFLICT: 'permanent',
  HUBSPOT_REQUEST_REJECTED: 'permanent',
  HUBSPOT_UNEXPECTED_RESPONSE: 'permanent',
} as const satisfies Record<string, HubSpotErrorKind>;

/** Closed list of gateway error codes; each code has exactly one kind (`HUBSPOT_ERROR_CODES`). */
export type HubSpotErrorCode = keyof typeof HUBSPOT_ERROR_CODES;

/** Method and path with query string of the failed request. The Authorization header is never kept. */
export interface RequestLine {
  method: string;
  path: string;
}

export interface HubSpotErrorDetails {
  code: HubSpotErrorCode;
  message: string;
  status?: number | undefined;
  category?: string | undefined;
  subCategory?: string | undefined;
  correlationId?: string | undefined;
  /** Scopes named by a MISSING_SCOPES body; HubSpot means "any one of these". */
  requiredScopes?: string[] | undefined;
  /** Wait before the next call, from `Retry-After` or the documented limit window. */
  retryAfterMs?: number | undefined;
  /** Daily limit only: midnight in the portal's time zone, when HubSpot resets the counter. */
  resetsAt?: Date | undefined;
  /** `policyName` of a 429 body: TEN_SECONDLY_ROLLING, SECONDLY or DAILY. */
  policyName?: string | undefined;
  request?: RequestLine | undefined;
  /** Parsed JSON body, or the raw text (cut to 2,000 characters) when HubSpot sent no JSON. */
  responseBody?: unknown;
  /**
   * True when the request may have reached HubSpot and been applied although no usable response
   * came back (timeout or dropped connection after sending, 5xx). Resolve such a create by a
   * lookup, never by sending the create again.
   */
  outcomeUnknown?: boolean | undefined;
  portalId?: number | undefined;
  operation?: string | undefined;
  /** Every attempt's error, oldest first, when the retry helper gave up. */
  attempts?: HubSpotError[] | undefined;
  cause?: unknown;
}

export class HubSpotError extends Error {
  override readonly name = 'HubSpotError';
  readonly code: HubSpotErrorCode;
  readonly kind: HubSpotErrorKind;
  readonly status: number | undefined;
  readonly category: string | undefined;
  readonly subCategory: string | undefined;
  readonly correlationId: string | undefined;
  readonly requiredScopes: string[] | undefined;
  readonly retryAfterMs: number | undefined;
  readonly resetsAt: Date | undefined;
  readonly policyName: string | undefined;
  readonly request: RequestLine | undefined;
  readonly responseBody: unknown;
  readonly outcomeUnknown: boolean;
  readonly portalId: number | undefined;
  readonly operation: string | undefined;
  readonly attempts: HubSpotError[] | undefined;

  constructor(details: HubSpotErrorDetails) {
    super(details.message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = details.code;
    this.kind = HUBSPOT_ERROR_CODES[details.code];
    this.status = details.status;
    this.category = details.category;
    this.subCategory = details.subCategory;
    this.correlationId = details.correlationId;
    this.requiredScopes = details.requiredScopes;
    this.retryAfterMs = details.retryAfterMs;
    this.resetsAt = details.resetsAt;
    this.policyName = details.policyName;
    this.request = details.request;
    this.responseBody = details.responseBody;
    this.outcomeUnknown = details.outcomeUnknown ?? false;
    this.portalId = details.portalId;
    this.operation = details.operation;
    this.attempts = details.attempts;
  }

  /** True for `kind: 'retriable'`; kept for callers that route on a retryable flag. */
  get retryable(): boolean {
    return this.kind === 'retriable';
  }

  /** Copies this error with some fields replaced, keeping the original as `cause` unless given. */
  with(changes: Partial<HubSpotErrorDetails>): HubSpotError {
    return new HubSpotError({ ...this.details(), cause: this, ...changes });
  }

  details(): HubSpotErrorDetails {
    return {
      code: this.code,
      message: this.message,
      status: this.status,
      category: this.category,
      subCategory: this.subCategory,
      correlationId: this.correlationId,
      requiredScopes: this.requiredScopes,
      retryAfterMs: this.retryAfterMs,
      resetsAt: this.resetsAt,
      policyName: this.policyName,
      request: this.request,
      responseBody: this.responseBody,
      outcomeUnknown: this.outcomeUnknown,
      portalId: this.portalId,
      operation: this.operation,
      attempts: this.attempts,
      cause: this.cause,
    };
  }

  /** Plain fields for logs, dead-letter records and API responses; attempts keep code and message. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      kind: this.kind,
      message: this.message,
      status: this.status,
      category: this.category,
      subCategory: this.subCategory,
      correlationId: this.correlationId,
      requiredScopes: this.requiredScopes,
      retryAfterMs: this.retryAfterMs,
      resetsAt: this.resetsAt?.toISOString(),
      policyName: this.policyName,
      request: this.request,
      responseBody: this.responseBody,
      outcomeUnknown: this.outcomeUnknown,
      portalId: this.portalId,
      operation: this.operation,
      attempts: this.attempts?.map((attempt) => ({ code: attempt.code, message: attempt.message })),
    };
  }
}

export function isHubSpotError(value: unknown): value is HubSpotError {
  return value instanceof HubSpotError;
}
