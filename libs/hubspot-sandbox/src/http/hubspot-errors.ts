import { randomUUID } from 'node:crypto';

/**
 * JSON error body in HubSpot's standard shape. Every field is optional in HubSpot's own
 * responses; `correlationId` is filled in when the error is sent.
 */
export interface HubSpotErrorBody {
  status?: string;
  message?: string;
  correlationId?: string;
  category?: string;
  subCategory?: string;
  errors?: Array<Record<string, unknown>>;
  context?: Record<string, unknown>;
  links?: Record<string, string>;
  [extra: string]: unknown;
}

/**
 * An HTTP error response in HubSpot's format. Route handlers throw it; the sandbox's error
 * handler sends `status`, `headers` and `body` (adding a fresh `correlationId`).
 */
export class HubSpotHttpError extends Error {
  readonly status: number;
  readonly body: HubSpotErrorBody;
  readonly headers: Record<string, string>;

  constructor(status: number, body: HubSpotErrorBody, headers: Record<string, string> = {}) {
    super(typeof body.message === 'string' ? body.message : `HubSpot error ${status}`);
    this.name = 'HubSpotHttpError';
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/** Build an error with an arbitrary status and body; `status: "error"` is added when absent. */
export function hubspotError(
  status: number,
  body: HubSpotErrorBody,
  headers: Record<string, string> = {},
): HubSpotHttpError {
  return new HubSpotHttpError(status, { status: 'error', ...body }, headers);
}

/** Returns the body with a new correlation id, as HubSpot sends one per response. */
export function withCorrelationId(body: HubSpotErrorBody): HubSpotErrorBody {
  return { ...body, correlationId: randomUUID() };
}

export const INVALID_AUTHENTICATION_MESSAGE =
  'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview';

export const MISSING_SCOPES_MESSAGE =
  "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.";

/** 401 for a missing, malformed, unknown, expired or deleted token. */
export function invalidAuthentication(): HubSpotHttpError {
  return hubspotError(401, {
    message: INVALID_AUTHENTICATION_MESSAGE,
    category: 'INVALID_AUTHENTICATION',
  });
}

/** 403 listing the scopes of which any one would allow the call. */
export function missingScopes(requiredAnyOf: readonly string[]): HubSpotHttpError {
  return hubspotError(403, {
    message: MISSING_SCOPES_MESSAGE,
    errors: [
      {
        message: 'One or more of the following scopes are required.',
        context: { requiredGranularScopes: [...requiredAnyOf] },
      },
    ],
    links: { scopes: 'https://developers.hubspot.com/scopes' },
    category: 'MISSING_SCOPES',
  });
}

/** 404 OBJECT_NOT_FOUND with HubSpot's terse "resource not found" message by default. */
export function notFound(
  message = 'resource not found',
  context?: Record<string, unknown>,
): HubSpotHttpError {
  return hubspotError(404, {
    message,
    category: 'OBJECT_NOT_FOUND',
    ...(context === undefined ? {} : { context }),
  });
}

/** 400 VALIDATION_ERROR; `extra` adds fields such as `context` or `errors`. */
export function validationError(message: string, extra: Partial<HubSpotErrorBody> = {}): HubSpotHttpError {
  return hubspotError(400, { message, category: 'VALIDATION_ERROR', ...extra });
}

/** 409 CONFLICT, e.g. "Contact already exists. Existing ID: 512". */
export function conflict(message: string, extra: Partial<HubSpotErrorBody> = {}): HubSpotHttpError {
  return hubspotError(409, { message, category: 'CONFLICT', ...extra });
}

/** 409 OBJECT_ALREADY_EXISTS, e.g. a property or schema name that is taken. */
export function objectAlreadyExists(message: string): HubSpotHttpError {
  return hubspotError(409, { message, category: 'OBJECT_ALREADY_EXISTS' });
}

/** 400 for a batch over `max` inputs. */
export function batchTooLarge(received: number, max = 100): HubSpotHttpError {
  return validationError(`Batch input of ${received} items exceeds the maximum of ${max} inputs.`, {
    context: { inputs: [String(received)], maxInputs: [String(max)] },
  });
}

/** 400 for the same id appearing twice in one batch update or upsert. */
export function duplicateIds(ids: readonly string[]): HubSpotHttpError {
  return validationError(`Duplicate IDs found in batch input: [${ids.join(', ')}]. IDs must be unique`, {
    context: { ids: [...ids] },
  });
}
