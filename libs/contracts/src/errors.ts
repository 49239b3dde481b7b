import type { FieldIssue } from './issues.js';

/** Codes of the errors this package throws. None of them is retryable, because the input is wrong. */
export type ContractsErrorCode =
  | 'CONTRACTS_ERR_INVALID_TOPIC_NAME'
  | 'CONTRACTS_ERR_INVALID_RETRY_TIER'
  | 'CONTRACTS_ERR_INVALID_RECORD'
  | 'CONTRACTS_ERR_INVALID_RETRY_HEADERS'
  | 'CONTRACTS_ERR_INVALID_OPTION';

/**
 * Codes of the failures `decodeRecord` returns (it never throws them). Each maps to one dead-letter
 * reason: too large → `oversize`; invalid UTF-8 or JSON → `malformed-json`; unknown type →
 * `unknown-type`; missing value or schema violation → `schema-violation`.
 */
export type DecodeErrorCode =
  | 'CONTRACTS_ERR_RECORD_TOO_LARGE'
  | 'CONTRACTS_ERR_INVALID_UTF8'
  | 'CONTRACTS_ERR_INVALID_JSON'
  | 'CONTRACTS_ERR_UNKNOWN_TYPE'
  | 'CONTRACTS_ERR_MISSING_VALUE'
  | 'CONTRACTS_ERR_SCHEMA_VIOLATION';

/** Error thrown by the helpers of this package. `decodeRecord` returns failures instead of throwing them. */
export class ContractsError extends Error {
  override readonly name = 'ContractsError';
  readonly code: ContractsErrorCode;
  /** Always false: repeating the call with the same input fails the same way. */
  readonly retryable = false;
  /** Failing fields, set for `CONTRACTS_ERR_INVALID_RECORD` and `CONTRACTS_ERR_INVALID_RETRY_HEADERS`. */
  readonly issues: readonly FieldIssue[];

  constructor(
    code: ContractsErrorCode,
    message: string,
    options: { cause?: unknown; issues?: readonly FieldIssue[] } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.issues = options.issues ?? [];
  }
}
