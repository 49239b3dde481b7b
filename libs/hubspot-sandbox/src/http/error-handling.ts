import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { SANDBOX_ERROR_STATUS, SandboxError } from '../errors.js';
import {
  HubSpotHttpError,
  notFound,
  validationError,
  withCorrelationId,
  hubspotError,
} from './hubspot-errors.js';
import { isAdminPath } from './pipeline.js';

/** Formats zod issues as `field.path: message` lines for admin API responses. */
export function describeZodError(error: ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(body)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Sends thrown errors in HubSpot's format on HubSpot paths and as `{ message, issues }` on admin
 * paths. Unknown routes get a HubSpot-style 404.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  // An empty body with a JSON content type is allowed: the SDK sends one on calls such as
  // marketing event cancel.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(validationError(`Invalid input JSON: ${(error as Error).message}`), undefined);
    }
  });

  app.setErrorHandler((error: FastifyError | HubSpotHttpError | ZodError | SandboxError, request, reply) => {
    if (error instanceof HubSpotHttpError) {
      return reply.code(error.status).headers(error.headers).send(withCorrelationId(error.body));
    }
    if (error instanceof SandboxError) {
      return reply.code(SANDBOX_ERROR_STATUS[error.code]).send({ code: error.code, message: error.message });
    }
    if (error instanceof ZodError) {
      const message = `Invalid request body: ${describeZodError(error)}`;
      return reply.code(400).send(
        isAdminPath(request.url)
          ? {
              message,
              issues: error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
            }
          : withCorrelationId(validationError(message).body),
      );
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'sandbox request failed');
    const body =
      status >= 500
        ? hubspotError(status, { message: 'internal error', category: 'INTERNAL_ERROR' }).body
        : hubspotError(status, { message: error.message, category: 'VALIDATION_ERROR' }).body;
    return reply
      .code(status)
      .send(isAdminPath(request.url) ? { message: error.message } : withCorrelationId(body));
  });

  // NOTE: HubSpot's body for an unknown path (for example the sunset v1 lists API) is not
  // documented; the sandbox sends its generic 404.
  app.setNotFoundHandler((request, reply) => {
    const error = notFound(`No route for ${request.method} ${request.url.split('?')[0]}`);
    return reply.code(404).send(withCorrelationId(error.body));
  });
}
