/** Codes of every error this package throws. */
export type ConfigErrorCode = 'CONFIG_ERR_INVALID_ENV';

/**
 * Error thrown by `loadConfig`. It is never retryable: the process must be restarted with a
 * corrected environment. Secret values never appear in `message` or `problems`.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code: ConfigErrorCode;
  readonly retryable = false;
  /** One line per invalid variable, e.g. `OPS_PORT: expected an integer from 0 to 65535, received "http"`. */
  readonly problems: readonly string[];

  constructor(
    code: ConfigErrorCode,
    message: string,
    options: { problems?: readonly string[]; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.problems = Object.freeze([...(options.problems ?? [])]);
  }
}
