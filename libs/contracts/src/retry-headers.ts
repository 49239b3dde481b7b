import { z } from 'zod';

import { ContractsError } from './errors.js';
import { expectationErrorMap, formatIssues, joinIssues } from './issues.js';
import { isoDateTimeSchema } from './primitives.js';

/**
 * Kafka header names that a record carries in a retry topic, next to the original headers. All
 * values are UTF-8 text. Times are ISO-8601 in UTC, e.g. `2025-03-14T08:30:05.000Z`.
 */
export const RETRY_HEADERS = Object.freeze({
  /** Failed attempts so far, a decimal integer; 1 in the first retry tier. */
  attempt: 'x-attempt',
  /** Earliest time to process the record again: time of the failure plus the tier delay. */
  dueAt: 'x-due-at',
  /** Topic the record was first consumed from. */
  originalTopic: 'x-original-topic',
  /** Partition of the record in the original topic, a decimal integer. */
  originalPartition: 'x-original-partition',
  /** Offset of the record in the original topic, a decimal integer. */
  originalOffset: 'x-original-offset',
  /** Time of the first failed attempt. */
  firstFailedAt: 'x-first-failed-at',
  /** `<code>: <message>` of the last failure, cut to `MAX_LAST_ERROR_LENGTH` characters. */
  lastError: 'x-last-error',
} as const);

/** Maximum length of the `x-last-error` header value, so that headers stay small. */
export const MAX_LAST_ERROR_LENGTH = 1_000;

/** Retry state carried in the headers of a record in a retry topic. */
export interface RetryState {
  attempt: number;
  dueAt: string;
  originalTopic: string;
  originalPartition: number;
  originalOffset: string;
  firstFailedAt: string;
  lastError: string;
}

/** Kafka headers as kafkajs and most clients return them. */
export type KafkaHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

const decimalInteger = z.string().regex(/^\d+$/, { error: 'expected a decimal integer' });

const retryHeadersSchema = z.object({
  [RETRY_HEADERS.attempt]: decimalInteger
    .transform(Number)
    .pipe(z.int().min(1, { error: 'expected 1 or more' })),
  [RETRY_HEADERS.dueAt]: isoDateTimeSchema,
  [RETRY_HEADERS.originalTopic]: z.string().min(1, { error: 'expected a topic name' }),
  [RETRY_HEADERS.originalPartition]: decimalInteger.transform(Number).pipe(z.int()),
  [RETRY_HEADERS.originalOffset]: decimalInteger,
  [RETRY_HEADERS.firstFailedAt]: isoDateTimeSchema,
  [RETRY_HEADERS.lastError]: z.string(),
});

/** Returns the retry headers for `state` as strings, cutting `lastError` to `MAX_LAST_ERROR_LENGTH`. */
export function formatRetryHeaders(state: RetryState): Record<string, string> {
  return {
    [RETRY_HEADERS.attempt]: String(state.attempt),
    [RETRY_HEADERS.dueAt]: state.dueAt,
    [RETRY_HEADERS.originalTopic]: state.originalTopic,
    [RETRY_HEADERS.originalPartition]: String(state.originalPartition),
    [RETRY_HEADERS.originalOffset]: state.originalOffset,
    [RETRY_HEADERS.firstFailedAt]: state.firstFailedAt,
    [RETRY_HEADERS.lastError]: state.lastError.slice(0, MAX_LAST_ERROR_LENGTH),
  };
}

/**
 * Reads the retry state from the headers of a record in a retry topic. A header given several
 * times counts with its last value. Throws `ContractsError` (`CONTRACTS_ERR_INVALID_RETRY_HEADERS`)
 * naming each missing or invalid header.
 */
export function parseRetryHeaders(headers: KafkaHeaders): RetryState {
  const text: Record<string, string> = {};
  for (const name of Object.values(RETRY_HEADERS)) {
    const raw = headers[name];
    const last = Array.isArray(raw) ? raw.at(-1) : raw;
    if (last !== undefined) {
      text[name] = typeof last === 'string' ? last : last.toString('utf8');
    }
  }

  const parsed = retryHeadersSchema.safeParse(text, { reportInput: true, error: expectationErrorMap });
  if (!parsed.success) {
    const issues = formatIssues(parsed.error.issues);
    throw new ContractsError(
      'CONTRACTS_ERR_INVALID_RETRY_HEADERS',
      `Invalid retry headers: ${joinIssues(issues)}. ` + 'Write retry records with formatRetryHeaders.',
      { issues },
    );
  }

  const values = parsed.data;
  return {
    attempt: values[RETRY_HEADERS.attempt],
    dueAt: values[RETRY_HEADERS.dueAt],
    originalTopic: values[RETRY_HEADERS.originalTopic],
    originalPartition: values[RETRY_HEADERS.originalPartition],
    originalOffset: values[RETRY_HEADERS.originalOffset],
    firstFailedAt: values[RETRY_HEADERS.firstFailedAt],
    lastError: values[RETRY_HEADERS.lastError],
  };
}
