import { censorValue, REDACT_PATHS, type Logger, type LogLevelName } from '@oniva-hubspot/observability';
import { pino, type DestinationStream } from 'pino';

/**
 * Paths the API redacts on top of the shared list: the API key header, and the access token in a
 * request body or a nested `body` or `request` object.
 */
export const API_REDACT_PATHS: readonly string[] = Object.freeze([
  'req.headers["x-api-key"]',
  'headers["x-api-key"]',
  '*.headers["x-api-key"]',
  'body.accessToken',
  '*.body.accessToken',
  'request.body.accessToken',
]);

/**
 * Creates the API's pino logger: the same shape as `createLogger` of the observability package
 * (service name, ISO time, level names, shared redaction), plus `API_REDACT_PATHS`.
 *
 * NOTE: local because `createLogger` takes no extra redaction paths; replace with it once it does.
 */
export function createApiLogger(options: { level: LogLevelName; destination?: DestinationStream }): Logger {
  const pinoOptions = {
    level: options.level,
    base: { service: 'connector-api' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: [...REDACT_PATHS, ...API_REDACT_PATHS], censor: censorValue },
  };
  return options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
}
