import { nextDailyReset } from './daily-reset.js';
import { parseBody, requiredScopesOf, type ErrorBody } from './error-body.js';
import { HubSpotError, type HubSpotErrorCode, type HubSpotErrorDetails, type RequestLine } from './errors.js';

/** A response as it came off the wire; header names are lower-case. */
export interface CapturedResponse {
  status: number;
  headers: Record<string, string>;
  bodyText: string;
}

/** Everything known about one failed attempt. */
export interface FailedCall {
  operation?: string | undefined;
  portalId?: number | undefined;
  request?: RequestLine | undefined;
  /** Present when HubSpot responded; the status then decides the class. */
  response?: CapturedResponse | undefined;
  /** The error the SDK or the socket raised, if any. */
  thrown?: unknown;
  /** The gateway's own timeout fired. */
  timedOut?: boolean | undefined;
  /** The caller's AbortSignal fired (shutdown). */
  aborted?: boolean | undefined;
  /** The request was fully written to the socket before the failure. */
  requestSent?: boolean | undefined;
  /** The portal's time zone, for the daily reset time; UTC when unknown. */
  timeZone?: string | undefined;
  now?: Date | undefined;
}

/** Wait after a burst 429 without `Retry-After`: HubSpot's rolling window is 10 s. */
export const DEFAULT_BURST_RETRY_AFTER_MS = 10_000;
/** Wait after a search 429 without `Retry-After`: search is limited per second. */
export const DEFAULT_SECONDLY_RETRY_AFTER_MS = 1_000;
/** HubSpot documents a wait of at least 2 s after a 423 Locked. */
export const LOCKED_RETRY_AFTER_MS = 2_000;

const SCHEMA_PATH = /^\/crm-object-schemas\/|^\/crm\/v3\/schemas(\/|$|\?)/;
const CUSTOM_OBJECT_RECORD_PATH = /^\/crm\/v3\/objects\/(2-\d+|p\d+_[A-Za-z0-9_]+)(\/|$|\?)/;

/**
 * Turns one failed attempt into a `HubSpotError`. This is the only place that maps HubSpot
 * statuses and bodies to codes; see `HUBSPOT_ERROR_CODES` for the kind of each code.
 */
export function classifyFailure(call: FailedCall): HubSpotError {
  const response = call.response ?? responseOfApiException(call.thrown);
  if (response !== undefined) {
    return classifyResponse(call, response);
  }

  const base = {
    operation: call.operation,
    portalId: call.portalId,
    request: call.request,
    outcomeUnknown: call.requestSent ?? true,
    cause: call.thrown,
  };
  const where = describeRequest(call);
  if (call.aborted) {
    return new HubSpotError({
      ...base,
      code: 'HUBSPOT_ABORTED',
      message: `${where} was aborted by the caller`,
    });
  }
  if (call.timedOut) {
    return new HubSpotError({
      ...base,
      code: 'HUBSPOT_TIMEOUT',
      message: `${where} timed out without a response; the call may or may not have been applied`,
    });
  }
  return new HubSpotError({
    ...base,
    code: 'HUBSPOT_NETWORK_ERROR',
    message: `${where} failed before a response arrived: ${errorMessage(call.thrown)}`,
  });
}

function classifyResponse(call: FailedCall, response: CapturedResponse): HubSpotError {
  const { value, error: body } = parseBody(response.bodyText);
  const status = response.status;
  const where = describeRequest(call);
  const hubspotSays = body.message === undefined ? '' : `: ${body.message}`;
  const base = {
    status,
    category: body.category,
    subCategory: body.subCategory,
    correlationId: body.correlationId,
    policyName: body.policyName,
    request: call.request,
    responseBody: value,
    operation: call.operation,
    portalId: call.portalId,
    cause: call.thrown,
  };
  const make = (code: HubSpotErrorCode, message: string, extra: { retryAfterMs?: number | undefined } = {}) =>
    new HubSpotError({ ...base, code, message, outcomeUnknown: false, ...extra });

  if (status === 429) {
    return classifyRateLimit(call, response, body, base);
  }
  if (status === 401) {
    return make(
      'HUBSPOT_TOKEN_INVALID',
      `HubSpot rejected the access token (${body.category ?? 'status 401'}) on ${where}: the token is invalid, ` +
        'rotated or expired; store a current private app token for this connection',
    );
  }
  if (status === 403) {
    return classifyForbidden(call, body, base);
  }
  if (status === 400) {
    return make('HUBSPOT_VALIDATION_FAILED', `HubSpot rejected ${where} as invalid${hubspotSays}`);
  }
  if (status === 404) {
    return make('HUBSPOT_NOT_FOUND', `HubSpot found nothing for ${where}${hubspotSays}`);
  }
  if (status === 409) {
    return make('HUBSPOT_CONFLICT', `HubSpot reported a conflict for ${where}${hubspotSays}`);
  }
  if (status === 423) {
    const retryAfterMs = Math.max(LOCKED_RETRY_AFTER_MS, retryAfterOf(response) ?? 0);
    return make('HUBSPOT_LOCKED', `HubSpot locked the records of ${where}; retry after ${retryAfterMs} ms`, {
      retryAfterMs,
    });
  }
  if (status === 477) {
    return make('HUBSPOT_MIGRATION_IN_PROGRESS', `HubSpot is migrating the portal; retry ${where} later`, {
      retryAfterMs: retryAfterOf(response),
    });
  }
  if (status === 408 || status >= 500) {
    return new HubSpotError({
      ...base,
      code: status === 408 ? 'HUBSPOT_TIMEOUT' : 'HUBSPOT_SERVER_ERROR',
      message: `HubSpot failed ${where} with status ${status}${hubspotSays}; the call may have been applied`,
      outcomeUnknown: true,
      retryAfterMs: retryAfterOf(response),
    });
  }
  if (status >= 200 && status < 300) {
    return make(
      'HUBSPOT_UNEXPECTED_RESPONSE',
      `HubSpot answered ${where} with status ${status}, which the client library does not accept for this ` +
        'endpoint or could not parse',
    );
  }
  return make('HUBSPOT_REQUEST_REJECTED', `HubSpot rejected ${where} with status ${status}${hubspotSays}`);
}

type BaseFields = Omit<HubSpotErrorDetails, 'code' | 'message'>;

function classifyRateLimit(
  call: FailedCall,
  response: CapturedResponse,
  body: ErrorBody,
  base: BaseFields,
): HubSpotError {
  const policy = body.policyName?.toUpperCase();
  const message = body.message ?? '';
  const isDaily = policy === 'DAILY' || /daily limit/i.test(message);
  if (isDaily) {
    const resetsAt = nextDailyReset(call.now ?? new Date(), call.timeZone);
    return new HubSpotError({
      ...base,
      code: 'HUBSPOT_DAILY_LIMIT_REACHED',
      message:
        `HubSpot portal ${call.portalId ?? '(unknown)'} reached its daily API limit; calls resume at ` +
        `${resetsAt.toISOString()} (midnight in the portal's time zone) or after buying an API limit increase`,
      resetsAt,
      retryAfterMs: Math.max(0, resetsAt.getTime() - (call.now ?? new Date()).getTime()),
      outcomeUnknown: false,
    });
  }

  const isSecondly = policy === 'SECONDLY' || /secondly limit/i.test(message);
  const fallback = isSecondly ? DEFAULT_SECONDLY_RETRY_AFTER_MS : intervalOf(response);
  const retryAfterMs = retryAfterOf(response) ?? fallback;
  return new HubSpotError({
    ...base,
    code: 'HUBSPOT_RATE_LIMITED',
    message: `HubSpot rate limit ${body.policyName ?? 'exceeded'} on ${describeRequest(call)}; retry after ${retryAfterMs} ms`,
    retryAfterMs,
    outcomeUnknown: false,
  });
}

function classifyForbidden(call: FailedCall, body: ErrorBody, base: BaseFields): HubSpotError {
  const where = describeRequest(call);
  if (body.category === 'MISSING_SCOPES') {
    const scopes = requiredScopesOf(body);
    const named =
      scopes.length > 0 ? `grant one of ${scopes.join(', ')}` : 'grant the scopes this feature needs';
    return new HubSpotError({
      ...base,
      code: 'HUBSPOT_MISSING_SCOPES',
      message: `HubSpot token lacks the scopes for ${where}: ${named} to the private app`,
      requiredScopes: scopes,
      outcomeUnknown: false,
    });
  }

  const path = call.request?.path ?? '';
  if (SCHEMA_PATH.test(path) || CUSTOM_OBJECT_RECORD_PATH.test(path)) {
    return new HubSpotError({
      ...base,
      code: 'HUBSPOT_CUSTOM_OBJECTS_UNAVAILABLE',
      message:
        `HubSpot rejected custom objects on ${where}${body.message === undefined ? '' : ` (${body.message})`}: ` +
        'custom objects need an Enterprise subscription in the portal',
      outcomeUnknown: false,
    });
  }

  return new HubSpotError({
    ...base,
    code: 'HUBSPOT_FORBIDDEN',
    message: `HubSpot forbade ${where} (${body.category ?? 'status 403'}): ${body.message ?? 'no reason given'}`,
    outcomeUnknown: false,
  });
}

/** `Retry-After` in ms: HTTP gives seconds or a date. */
export function retryAfterOf(response: CapturedResponse): number | undefined {
  const header = response.headers['retry-after'];
  if (header === undefined || header.trim() === '') {
    return undefined;
  }

  const seconds = Number(header);
  if (Number.isFinite(seconds)) {
    return Math.max(0, Math.round(seconds * 1000));
  }
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function intervalOf(response: CapturedResponse): number {
  const interval = Number(response.headers['x-hubspot-ratelimit-interval-milliseconds']);
  return Number.isFinite(interval) && interval > 0 ? interval : DEFAULT_BURST_RETRY_AFTER_MS;
}

/** Reads status, headers and body from the SDK's `ApiException` when no raw response was captured. */
function responseOfApiException(thrown: unknown): CapturedResponse | undefined {
  if (typeof thrown !== 'object' || thrown === null) {
    return undefined;
  }
  const candidate = thrown as { code?: unknown; body?: unknown; headers?: unknown };
  if (typeof candidate.code !== 'number' || candidate.code < 100 || candidate.code > 599) {
    return undefined;
  }

  const headers: Record<string, string> = {};
  if (typeof candidate.headers === 'object' && candidate.headers !== null) {
    for (const [name, value] of Object.entries(candidate.headers)) {
      if (typeof value === 'string') {
        headers[name.toLowerCase()] = value;
      }
    }
  }
  const bodyText =
    typeof candidate.body === 'string' ? candidate.body : (JSON.stringify(candidate.body) ?? '');
  return { status: candidate.code, headers, bodyText };
}

function describeRequest(call: FailedCall): string {
  if (call.request !== undefined) {
    return `${call.request.method} ${call.request.path}`;
  }
  return call.operation ?? 'the HubSpot call';
}

function errorMessage(thrown: unknown): string {
  if (thrown instanceof Error) {
    const code = (thrown as { code?: unknown }).code;
    return typeof code === 'string' ? `${code} ${thrown.message}` : thrown.message;
  }
  return String(thrown);
}

const ITEM_CATEGORY_CODES: Record<string, HubSpotErrorCode> = {
  VALIDATION_ERROR: 'HUBSPOT_VALIDATION_FAILED',
  OBJECT_NOT_FOUND: 'HUBSPOT_NOT_FOUND',
  CONFLICT: 'HUBSPOT_CONFLICT',
  OBJECT_ALREADY_EXISTS: 'HUBSPOT_CONFLICT',
  RATE_LIMITS: 'HUBSPOT_RATE_LIMITED',
  MISSING_SCOPES: 'HUBSPOT_MISSING_SCOPES',
  INVALID_AUTHENTICATION: 'HUBSPOT_TOKEN_INVALID',
  EXPIRED_AUTHENTICATION: 'HUBSPOT_TOKEN_INVALID',
  LOCKED: 'HUBSPOT_LOCKED',
};

/**
 * Turns one entry of a batch response's `errors` array into a `HubSpotError`. Batch entries carry
 * a `category` but no HTTP status; unknown categories are permanent rejections of that input.
 */
export function classifyItemError(
  item: ErrorBody,
  call: { operation?: string | undefined; portalId?: number | undefined; request?: RequestLine | undefined },
): HubSpotError {
  const code = ITEM_CATEGORY_CODES[item.category ?? ''] ?? 'HUBSPOT_REQUEST_REJECTED';
  const scopes = code === 'HUBSPOT_MISSING_SCOPES' ? requiredScopesOf(item) : undefined;
  return new HubSpotError({
    code,
    message: `HubSpot rejected this input of ${call.operation ?? 'the batch'} (${item.category ?? 'no category'}): ${
      item.message ?? 'no message'
    }`,
    category: item.category,
    subCategory: item.subCategory,
    correlationId: item.correlationId,
    requiredScopes: scopes,
    request: call.request,
    responseBody: item,
    operation: call.operation,
    portalId: call.portalId,
  });
}
