import type { z } from 'zod';

import type { DeadLetterReason } from './dead-letter.js';
import type { DecodeErrorCode } from './errors.js';
import { ContractsError } from './errors.js';
import type { FieldIssue } from './issues.js';
import { expectationErrorMap, formatIssues, joinIssues } from './issues.js';

/**
 * Default maximum size of a record value in bytes.
 * NOTE: a chosen limit, not a measured one. Realistic records are a few KB even with a long event
 * description, and Kafka's default `message.max.bytes` is about 1 MB.
 */
export const DEFAULT_MAX_RECORD_BYTES = 256 * 1024;

/** Dead-letter reasons that decoding can produce. */
export type DecodeFailureReason = Extract<
  DeadLetterReason,
  'malformed-json' | 'schema-violation' | 'oversize' | 'unknown-type'
>;

/** Decode failure, shaped to go into the `error` of a dead-letter record. */
export interface DecodeError {
  code: DecodeErrorCode;
  /** One line naming each failing field and what was expected. */
  message: string;
  /** Failing fields; empty for oversize, malformed JSON and missing values. */
  issues: readonly FieldIssue[];
}

/** Result of `decodeRecord`. */
export type DecodeResult<T> =
  { ok: true; value: T } | { ok: false; reason: DecodeFailureReason; error: DecodeError };

/** Options of `decodeRecord`. */
export interface DecodeOptions {
  /** Maximum size of the value in bytes (UTF-8 bytes for a string); default `DEFAULT_MAX_RECORD_BYTES`. */
  maxBytes?: number;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a Kafka record value as UTF-8 JSON and validates it with `schema`.
 *
 * Returns `{ ok: false }` with a dead-letter reason instead of throwing:
 * - `oversize` when the value is larger than `maxBytes`;
 * - `malformed-json` for invalid UTF-8 or JSON;
 * - `unknown-type` when `type` is a string that the schema does not accept, whatever else is wrong,
 *   because the shape of an unknown type is unknown;
 * - `schema-violation` for everything else, including a null value (a tombstone).
 *
 * Throws `ContractsError` only when `maxBytes` is not a positive integer.
 */
export function decodeRecord<S extends z.ZodType>(
  schema: S,
  value: Buffer | string | null,
  options: DecodeOptions = {},
): DecodeResult<z.output<S>> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_RECORD_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) {
    throw new ContractsError(
      'CONTRACTS_ERR_INVALID_OPTION',
      `Invalid maxBytes ${String(maxBytes)}: expected a positive integer number of bytes.`,
    );
  }

  if (value === null) {
    return failure(
      'schema-violation',
      'CONTRACTS_ERR_MISSING_VALUE',
      'value: expected a JSON object, received no value (a tombstone)',
    );
  }

  const size = typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : value.byteLength;
  if (size > maxBytes) {
    return failure(
      'oversize',
      'CONTRACTS_ERR_RECORD_TOO_LARGE',
      `value: expected at most ${maxBytes} bytes, received ${size} bytes`,
    );
  }

  const parsedJson = parseJson(value);
  if (!parsedJson.ok) {
    return parsedJson;
  }

  return validate(schema, parsedJson.value);
}

function parseJson(value: Buffer | string): DecodeResult<unknown> {
  let text: string;
  if (typeof value === 'string') {
    text = value;
  } else {
    try {
      text = strictUtf8.decode(value);
    } catch {
      return failure(
        'malformed-json',
        'CONTRACTS_ERR_INVALID_UTF8',
        'value: expected UTF-8 text, received invalid UTF-8 bytes',
      );
    }
  }

  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return failure(
      'malformed-json',
      'CONTRACTS_ERR_INVALID_JSON',
      `value: expected JSON, but parsing failed: ${detail}`,
    );
  }
}

function validate<S extends z.ZodType>(schema: S, json: unknown): DecodeResult<z.output<S>> {
  let result: z.ZodSafeParseResult<z.output<S>>;
  try {
    result = schema.safeParse(json, { reportInput: true, error: expectationErrorMap });
  } catch (error) {
    // Only a refinement with a bug throws here; the record still has to go somewhere.
    const detail = error instanceof Error ? error.message : String(error);
    return failure(
      'schema-violation',
      'CONTRACTS_ERR_SCHEMA_VIOLATION',
      `value: validation failed: ${detail}`,
    );
  }
  if (result.success) {
    return { ok: true, value: result.data };
  }

  const typeIssue = findUnknownTypeIssue(json, result.error.issues);
  if (typeIssue !== undefined) {
    const typeIssues = formatIssues([typeIssue]);
    return failure('unknown-type', 'CONTRACTS_ERR_UNKNOWN_TYPE', joinIssues(typeIssues), typeIssues);
  }

  const issues = formatIssues(result.error.issues);
  return failure('schema-violation', 'CONTRACTS_ERR_SCHEMA_VIOLATION', joinIssues(issues), issues);
}

// An unknown type is a string `type` that the schema rejects; a missing or non-string `type` is a
// plain schema violation.
function findUnknownTypeIssue(
  json: unknown,
  issues: readonly z.core.$ZodIssue[],
): z.core.$ZodIssue | undefined {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return undefined;
  }
  if (typeof (json as { type?: unknown }).type !== 'string') {
    return undefined;
  }
  return issues.find((issue) => issue.path.length === 1 && issue.path[0] === 'type');
}

function failure(
  reason: DecodeFailureReason,
  code: DecodeErrorCode,
  message: string,
  issues: readonly FieldIssue[] = [],
): { ok: false; reason: DecodeFailureReason; error: DecodeError } {
  return { ok: false, reason, error: { code, message, issues } };
}
