import { STATUS_CODES } from 'node:http';

import { isKafkaError } from '@oniva-hubspot/kafka';
import { isDatabaseUnavailableError, StoreError } from '@oniva-hubspot/store';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { ApiError, isApiError } from '../errors.js';
import type { ErrorResponse } from './error-response.js';
import { isRequestValidationIssues, toFieldIssues } from './validation.js';

/** Header that carries the request id in both directions. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * Installs the one error handler and the not-found handler of the API. Every error leaves as an
 * `ErrorResponse` with an `API_*` code; 5xx errors are logged with their cause, 4xx at info level.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    const apiError = toApiError(error);
    logError(request, apiError, error);
    return sendError(reply, request, apiError);
  });

  app.setNotFoundHandler((request, reply) => {
    const apiError = new ApiError(
      'API_ROUTE_NOT_FOUND',
      `No route ${request.method} ${request.url.split('?')[0]}. The OpenAPI document at /docs/json lists every route.`,
    );
    return sendError(reply, request, apiError);
  });
}

/**
 * Sends an error that Fastify's router raised before routing (`frameworkErrors`), such as an
 * invalid percent-encoding or an overlong path parameter, as the API's error body. No hook runs for
 * such a request, so the request id header is set here.
 */
export function sendFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const apiError = toApiError(error);
  logError(request, apiError, error);
  void reply.header(REQUEST_ID_HEADER, request.id);
  void sendError(reply, request, apiError);
}

/** Sends `error` as the API's error body, with Retry-After when the error gives one. */
export function sendError(reply: FastifyReply, request: FastifyRequest, error: ApiError): FastifyReply {
  const body: ErrorResponse = {
    statusCode: error.statusCode,
    code: error.code,
    error: STATUS_CODES[error.statusCode] ?? 'Error',
    message: error.message,
    requestId: String(request.id),
    ...(error.details === undefined ? {} : { details: error.details }),
  };
  if (error.retryAfterSeconds !== undefined) {
    void reply.header('retry-after', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
  }
  return reply.status(error.statusCode).send(body);
}

const REQUEST_PARTS: Readonly<Record<string, string>> = {
  body: 'body',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
};

/** Maps Fastify, plugin and unexpected errors to an `ApiError`; `ApiError`s pass through. */
export function toApiError(error: FastifyError | Error): ApiError {
  if (isApiError(error)) {
    return error;
  }

  const fastifyError = error as FastifyError;
  if (isRequestValidationIssues(fastifyError.validation)) {
    const part = REQUEST_PARTS[fastifyError.validationContext ?? 'body'] ?? 'body';
    const issues = toFieldIssues(part, fastifyError.validation);
    const summary = issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ');
    return new ApiError('API_VALIDATION_FAILED', `Invalid request. ${summary}.`, { details: { issues } });
  }

  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError(
        'API_MALFORMED_JSON',
        'The request body is not valid JSON. Send a JSON document with the Content-Type application/json.',
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError(
        'API_MALFORMED_JSON',
        'The request body is empty but Content-Type is application/json. Send a JSON document, or omit the Content-Type header.',
      );
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(
        'API_BODY_TOO_LARGE',
        'The request body is larger than the API accepts. Send a smaller body; the limit is in the API documentation.',
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(
        'API_UNSUPPORTED_MEDIA_TYPE',
        'Unsupported Content-Type. Send the body as JSON with the Content-Type application/json.',
      );
    case 'FST_ERR_BAD_URL':
      return invalidPath(
        'expected a path with valid percent-encoding; encode each id with encodeURIComponent',
      );
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return invalidPath('expected path values of at most 128 characters, the longest id the API accepts');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError(
        'API_MALFORMED_JSON',
        'The Content-Length header does not match the body. Resend the request.',
      );
    default:
      break;
  }

  const dependencyError = toDependencyError(error);
  if (dependencyError !== undefined) {
    return dependencyError;
  }
  if (fastifyError.statusCode === 429) {
    return new ApiError('API_RATE_LIMITED', 'Too many requests. Wait before sending more.', { cause: error });
  }
  return new ApiError(
    'API_INTERNAL_ERROR',
    'Internal error. Report the request id to the operator of this API.',
    {
      cause: error,
    },
  );
}

// The router's message repeats the whole path, so the response names the rule instead.
function invalidPath(expected: string): ApiError {
  return new ApiError('API_VALIDATION_FAILED', `Invalid request. params: ${expected}.`, {
    details: { issues: [{ field: 'params', message: expected }] },
  });
}

/**
 * Maps an unreachable database or broker to 503, and a stored token that cannot be decrypted to a
 * 500 whose message names the fix. Returns undefined for other errors.
 */
function toDependencyError(error: Error): ApiError | undefined {
  if (isDatabaseUnavailableError(error)) {
    return new ApiError(
      'API_DEPENDENCY_UNAVAILABLE',
      'MongoDB is unreachable. Try again later; /readyz shows when it is back.',
      {
        cause: error,
        retryAfterSeconds: 5,
      },
    );
  }
  if (isKafkaError(error) || error.name.startsWith('KafkaJS')) {
    return new ApiError(
      'API_DEPENDENCY_UNAVAILABLE',
      'Kafka did not accept the records. Try again later; /readyz shows when it is back.',
      {
        cause: error,
        retryAfterSeconds: 5,
      },
    );
  }
  if (
    error instanceof StoreError &&
    (error.code === 'STORE_ERR_TOKEN_KEY_UNKNOWN' || error.code === 'STORE_ERR_TOKEN_DECRYPT_FAILED')
  ) {
    // The store's message names the key id, never the token.
    return new ApiError(
      'API_INTERNAL_ERROR',
      `The stored access token cannot be decrypted: ${error.message}. The operator must configure that key again, or the customer must send the token again with PUT …/connection/token.`,
      { cause: error },
    );
  }
  return undefined;
}

function logError(request: FastifyRequest, apiError: ApiError, original: Error): void {
  if (apiError.statusCode >= 500) {
    request.log.error({ err: original, code: apiError.code }, 'request failed');
    return;
  }
  request.log.info({ code: apiError.code, statusCode: apiError.statusCode }, 'request rejected');
}
