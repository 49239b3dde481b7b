import { pino, type DestinationStream, type Logger } from 'pino';

import { redactOptions } from './redaction.js';

/** pino log level names accepted by `createLogger`. */
export type LogLevelName = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface LoggerOptions {
  /** Service name, written as `service` on every line. */
  service: string;
  /** Minimum level to write. Default `info`. */
  level?: LogLevelName;
  /** Destination stream of the JSON lines. Default: standard output. */
  destination?: DestinationStream;
}

/**
 * Creates the JSON logger of a service: `service` on every line, ISO-8601 `time`, level names
 * instead of numbers, errors under `err`, and tokens, secrets and authorization headers redacted.
 */
export function createLogger(options: LoggerOptions): Logger {
  const pinoOptions = {
    level: options.level ?? 'info',
    base: { service: options.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { ...redactOptions, paths: [...redactOptions.paths] },
  };
  return options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
}

/**
 * Returns a child logger for one component of a service (`consumer`, `gateway`, `ops-server`), so
 * its lines carry `component` and the given ids without repeating them at each call.
 */
export function componentLogger(
  parent: Logger,
  component: string,
  bindings: Record<string, unknown> = {},
): Logger {
  return parent.child({ ...bindings, component });
}

export type { Logger };
