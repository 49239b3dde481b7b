import { z } from 'zod';

import { countSchema, idSchema, isAtOrAfter, isoDateTimeSchema, schemaVersionSchema } from './primitives.js';

/**
 * Reasons for dead-lettering a record. The first four come from decoding (`decodeRecord`). The
 * others come from processing: HubSpot rejected the record, all retry tiers failed, the booking
 * status has no mapping in the connection, or the record passed the schema but cannot be applied.
 */
export const DEAD_LETTER_REASONS = [
  'malformed-json',
  'schema-violation',
  'oversize',
  'unknown-type',
  'hubspot-rejected',
  'retries-exhausted',
  'unmapped-status',
  'invalid-input',
] as const;

/** Reason for dead-lettering a record. */
export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];

/** Encodings of `value` in a dead-letter record: UTF-8 text as is, other bytes as base64. */
export const VALUE_ENCODINGS = ['utf8', 'base64'] as const;

/** Encoding of `value` in a dead-letter record. */
export type ValueEncoding = (typeof VALUE_ENCODINGS)[number];

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Position and metadata of the original record. */
export const deadLetterSourceSchema = z.looseObject({
  topic: idSchema.describe('Topic the record was first consumed from, never a retry topic.'),
  partition: z.int().min(0),
  offset: z
    .string()
    .regex(/^\d+$/, { error: 'expected a Kafka offset as a decimal string' })
    .describe('Offset as a decimal string, because Kafka offsets are 64-bit.'),
  key: z.string().nullable().describe('Record key decoded as UTF-8, or null when the record had none.'),
  timestamp: isoDateTimeSchema.describe('Kafka timestamp of the original record.'),
});

/**
 * Value of every `<source>.dlq` topic. Key: the key of the original record. A dead-letter record
 * is terminal: nothing consumes it automatically, and it is replayed only on request.
 */
export const deadLetterRecordSchema = z
  .looseObject({
    schemaVersion: schemaVersionSchema,
    source: deadLetterSourceSchema,
    reason: z.enum(DEAD_LETTER_REASONS),
    error: z.looseObject({
      code: idSchema,
      message: idSchema,
      details: z
        .unknown()
        .optional()
        .describe('Structured detail, e.g. the failing fields or the HubSpot error body.'),
    }),
    attempts: countSchema.min(1, { error: 'expected at least 1 attempt' }),
    firstFailedAt: isoDateTimeSchema,
    lastFailedAt: isoDateTimeSchema,
    headers: z
      .record(z.string(), z.string())
      .describe('Headers of the original record, decoded as UTF-8, without the retry headers.'),
    value: z
      .string()
      .nullable()
      .describe('Original value as UTF-8 text, or base64 when it was not valid UTF-8; null for a tombstone.'),
    valueEncoding: z.enum(VALUE_ENCODINGS),
  })
  .superRefine((record, ctx) => {
    if (!isAtOrAfter(record.lastFailedAt, record.firstFailedAt)) {
      ctx.addIssue({
        code: 'custom',
        path: ['lastFailedAt'],
        input: record.lastFailedAt,
        message: `expected a date-time at or after firstFailedAt ${record.firstFailedAt}`,
      });
    }
    if (record.valueEncoding === 'base64' && record.value !== null && !BASE64.test(record.value)) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: 'expected base64 text, because valueEncoding is base64',
      });
    }
  });

/** Value of a `<source>.dlq` topic. */
export type DeadLetterRecord = z.infer<typeof deadLetterRecordSchema>;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Encodes an original record value for a dead-letter record: as text when it is valid UTF-8, else base64. */
export function encodeOriginalValue(value: Buffer | string | null): {
  value: string | null;
  valueEncoding: ValueEncoding;
} {
  if (value === null || typeof value === 'string') {
    return { value, valueEncoding: 'utf8' };
  }
  try {
    return { value: strictUtf8.decode(value), valueEncoding: 'utf8' };
  } catch {
    return { value: value.toString('base64'), valueEncoding: 'base64' };
  }
}

/** Returns the original value bytes of a dead-letter record, e.g. to replay it; null for a tombstone. */
export function decodeOriginalValue(
  record: Pick<DeadLetterRecord, 'value' | 'valueEncoding'>,
): Buffer | null {
  if (record.value === null) {
    return null;
  }
  return Buffer.from(record.value, record.valueEncoding === 'base64' ? 'base64' : 'utf8');
}
