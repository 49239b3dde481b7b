/**
 * Error codes of the connector API. Every 4xx and 5xx response carries one of these codes, a
 * message that names the field or value and the fix, and the request id. Codes are stable: clients
 * may branch on them, so a code is never renamed or reused for another meaning.
 */
export const API_ERROR_STATUS = {
  /** The body, query string or path parameters do not match the route's schema. */
  API_VALIDATION_FAILED: 400,
  /** The body is not valid JSON. */
  API_MALFORMED_JSON: 400,
  /** No API key, an unknown key or a revoked key. */
  API_UNAUTHENTICATED: 401,
  /** An account key called an operator route. */
  API_FORBIDDEN: 403,
  /** No route matches the method and path. */
  API_ROUTE_NOT_FOUND: 404,
  /** The account has no connection, or the caller's key belongs to another account. */
  API_CONNECTION_NOT_FOUND: 404,
  API_ACTIVATION_NOT_FOUND: 404,
  API_IMPORT_NOT_FOUND: 404,
  API_API_KEY_NOT_FOUND: 404,
  API_DEAD_LETTER_NOT_FOUND: 404,
  /** A connection already exists for the account; rotate its token or delete it first. */
  API_CONNECTION_EXISTS: 409,
  /** An event activation needs an active activation of its workspace. */
  API_WORKSPACE_NOT_ACTIVATED: 409,
  /** An event-contacts import needs the event (and its workspace) to be activated. */
  API_EVENT_NOT_ACTIVATED: 409,
  /** The feature that the request needs is switched off on the connection. */
  API_FEATURE_DISABLED: 409,
  /** Cancel of an import run that already finished. */
  API_IMPORT_FINISHED: 409,
  /** An import of the same list into the same target is still queued or running. */
  API_IMPORT_IN_PROGRESS: 409,
  /** The body exceeds the configured size limit. */
  API_BODY_TOO_LARGE: 413,
  /** The request body is not `application/json`. */
  API_UNSUPPORTED_MEDIA_TYPE: 415,
  /** HubSpot rejected the access token (invalid, rotated or deleted). */
  API_HUBSPOT_TOKEN_REJECTED: 422,
  /** The token lacks scopes that an enabled feature needs. */
  API_HUBSPOT_MISSING_SCOPES: 422,
  /** Custom objects are enabled but the portal cannot use them or the schema cannot be created. */
  API_HUBSPOT_CUSTOM_OBJECTS_UNAVAILABLE: 422,
  /** The new token belongs to another HubSpot portal than the connection. */
  API_HUBSPOT_PORTAL_MISMATCH: 422,
  /** The HubSpot list of an import does not exist or is not a contact list. */
  API_HUBSPOT_LIST_NOT_FOUND: 422,
  /** A field mapping names a HubSpot property that the portal does not have. */
  API_HUBSPOT_PROPERTY_NOT_FOUND: 422,
  /** Too many requests from one API key or address. */
  API_RATE_LIMITED: 429,
  /** An unexpected failure inside the API; the log line with the request id has the cause. */
  API_INTERNAL_ERROR: 500,
  /** HubSpot failed, timed out or is rate limited; the call can be repeated later. */
  API_HUBSPOT_UNAVAILABLE: 502,
  /** The portal used up its daily HubSpot API limit; calls work again after the reset. */
  API_HUBSPOT_DAILY_LIMIT_REACHED: 503,
  /** MongoDB or Kafka is unreachable. */
  API_DEPENDENCY_UNAVAILABLE: 503,
} as const satisfies Record<string, number>;

/** Closed list of the API's error codes. */
export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

/** Every error code, for documentation and for the test that checks each one is documented. */
export const API_ERROR_CODES = Object.keys(API_ERROR_STATUS) as ApiErrorCode[];

/** One invalid field of a request, as listed in `details.issues` of `API_VALIDATION_FAILED`. */
export interface FieldIssue {
  /** Location of the value, e.g. `body.features.customObjects` or `params.importId`. */
  field: string;
  /** Expected value, in words. It never repeats the received value, because that may be a secret. */
  message: string;
}

export interface ApiErrorOptions {
  /** Structured facts for the client, e.g. the missing scopes per feature. Must hold no secret. */
  details?: Record<string, unknown>;
  /** Seconds after which the request may succeed, sent as the Retry-After header. */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/** An error that the error handler sends as-is: its code decides the HTTP status. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: ApiErrorCode;
  readonly statusCode: number;
  readonly details: Record<string, unknown> | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ApiErrorCode, message: string, options: ApiErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.statusCode = API_ERROR_STATUS[code];
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

/** 404 for an account without a connection, also used when the key belongs to another account. */
export function connectionNotFound(accountId: string): ApiError {
  return new ApiError(
    'API_CONNECTION_NOT_FOUND',
    `No HubSpot connection found for account "${accountId}". Create one with POST /v1/accounts/${accountId}/connection.`,
  );
}
