/** Codes of every error this package throws. */
export type ObservabilityErrorCode = 'OBSERVABILITY_ERR_METRIC_CONFLICT';

/** Error thrown by this package. It is never retryable, because each code is a programming or deployment mistake. */
export class ObservabilityError extends Error {
  override readonly name = 'ObservabilityError';
  readonly code: ObservabilityErrorCode;
  readonly retryable = false;

  constructor(code: ObservabilityErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
  }
}
