import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { decodeOriginalValue, deadLetterRecordSchema, encodeOriginalValue } from '../src/dead-letter.js';
import type { DeadLetterRecord } from '../src/dead-letter.js';

const record = JSON.parse(
  readFileSync(new URL('../fixtures/valid/dead-letter.schema-violation.json', import.meta.url), 'utf8'),
) as DeadLetterRecord;

describe('encodeOriginalValue', () => {
  it('keeps valid UTF-8 as text', () => {
    const value = Buffer.from('{"name":"Café Müller"}', 'utf8');

    expect(encodeOriginalValue(value)).toEqual({ value: '{"name":"Café Müller"}', valueEncoding: 'utf8' });
  });

  it('switches to base64 for invalid UTF-8', () => {
    const value = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);

    expect(encodeOriginalValue(value)).toEqual({ value: 'e//+fQ==', valueEncoding: 'base64' });
  });

  it('keeps a leading byte order mark', () => {
    const value = Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]);

    expect(decodeOriginalValue(encodeOriginalValue(value))).toEqual(value);
  });

  it('passes a tombstone through as null', () => {
    expect(encodeOriginalValue(null)).toEqual({ value: null, valueEncoding: 'utf8' });
  });

  it.each([
    ['text', Buffer.from('{"a":1}')],
    ['binary', Buffer.from([0, 1, 2, 0xc3, 0x28, 255])],
    ['empty', Buffer.alloc(0)],
  ])('round-trips %s values through decodeOriginalValue', (_case, value) => {
    expect(decodeOriginalValue(encodeOriginalValue(value))).toEqual(value);
  });
});

describe('deadLetterRecordSchema', () => {
  it('accepts an encoded binary value', () => {
    const encoded = encodeOriginalValue(Buffer.from([0xc3, 0x28]));

    expect(deadLetterRecordSchema.safeParse({ ...record, ...encoded }).success).toBe(true);
  });

  it('rejects a base64 value that is not base64', () => {
    const result = deadLetterRecordSchema.safeParse({
      ...record,
      value: 'not base64!',
      valueEncoding: 'base64',
    });

    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['value']);
  });

  it('accepts a null key and a null value', () => {
    const tombstone = { ...record, source: { ...record.source, key: null }, value: null };

    expect(deadLetterRecordSchema.safeParse(tombstone).success).toBe(true);
  });

  it('rejects zero attempts', () => {
    expect(deadLetterRecordSchema.safeParse({ ...record, attempts: 0 }).success).toBe(false);
  });

  it('rejects headers with non-string values', () => {
    expect(deadLetterRecordSchema.safeParse({ ...record, headers: { 'x-count': 3 } }).success).toBe(false);
  });
});
