import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { bookingRecordSchema } from '../src/bookings.js';
import { DEFAULT_MAX_RECORD_BYTES, decodeRecord } from '../src/decode.js';
import type { DecodeError, DecodeFailureReason, DecodeResult } from '../src/decode.js';
import { ContractsError } from '../src/errors.js';
import { importRequestRecordSchema } from '../src/import-requests.js';

const bookingText = readFileSync(
  new URL('../fixtures/valid/oniva.bookings.v1.booking-created.json', import.meta.url),
  'utf8',
);
const booking = JSON.parse(bookingText) as Record<string, unknown>;

function withField(name: string, value: unknown): string {
  return JSON.stringify({ ...booking, [name]: value });
}

function expectDecoded<T>(result: DecodeResult<T>): T {
  if (!result.ok) {
    throw new Error(`expected the record to decode, but it failed: ${result.error.message}`);
  }
  return result.value;
}

function expectFailure<T>(result: DecodeResult<T>): { reason: DecodeFailureReason; error: DecodeError } {
  if (result.ok) {
    throw new Error('expected the record to fail decoding, but it decoded');
  }
  return result;
}

describe('decodeRecord', () => {
  it('returns the record when value is a Buffer', () => {
    const result = decodeRecord(bookingRecordSchema, Buffer.from(bookingText, 'utf8'));

    expect(result).toEqual({ ok: true, value: booking });
  });

  it('returns the record when value is a string', () => {
    const result = decodeRecord(bookingRecordSchema, bookingText);

    expect(expectDecoded(result).contact.email).toBe('lena.hoffmann@example.test');
  });

  it('keeps unknown fields at every level', () => {
    const text = JSON.stringify({
      ...booking,
      channel: 'widget',
      contact: { ...(booking.contact as object), phone: '+49 30 1234567' },
    });

    const result = decodeRecord(bookingRecordSchema, text);

    expect(expectDecoded(result).channel).toBe('widget');
    expect(expectDecoded(result).contact.phone).toBe('+49 30 1234567');
  });

  it('reports oversize when value has more bytes than maxBytes', () => {
    const result = decodeRecord(bookingRecordSchema, bookingText, { maxBytes: 100 });

    expect(expectFailure(result).reason).toBe('oversize');
    expect(expectFailure(result).error.code).toBe('CONTRACTS_ERR_RECORD_TOO_LARGE');
    expect(expectFailure(result).error.message).toContain('expected at most 100 bytes');
  });

  it('counts UTF-8 bytes, not characters, of a string value', () => {
    const text = JSON.stringify({
      ...booking,
      event: { ...(booking.event as object), name: 'ü'.repeat(400) },
    });
    const characters = text.length;

    const result = decodeRecord(bookingRecordSchema, text, { maxBytes: characters + 100 });

    expect(expectFailure(result).reason).toBe('oversize');
  });

  it('accepts a value of exactly maxBytes', () => {
    const bytes = Buffer.byteLength(bookingText, 'utf8');

    expect(decodeRecord(bookingRecordSchema, bookingText, { maxBytes: bytes }).ok).toBe(true);
  });

  it('uses DEFAULT_MAX_RECORD_BYTES when maxBytes is not given', () => {
    const padding = 'x'.repeat(DEFAULT_MAX_RECORD_BYTES);
    const result = decodeRecord(bookingRecordSchema, withField('padding', padding));

    expect(expectFailure(result).reason).toBe('oversize');
  });

  it('reports malformed-json when value is not JSON', () => {
    const result = decodeRecord(bookingRecordSchema, '{"schemaVersion": 1, "type": ');

    expect(expectFailure(result).reason).toBe('malformed-json');
    expect(expectFailure(result).error.code).toBe('CONTRACTS_ERR_INVALID_JSON');
    expect(expectFailure(result).error.message).toMatch(/^value: expected JSON, but parsing failed: /);
  });

  it('reports malformed-json when value is empty', () => {
    const result = decodeRecord(bookingRecordSchema, Buffer.alloc(0));

    expect(expectFailure(result).reason).toBe('malformed-json');
  });

  it('reports malformed-json when value is not valid UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);

    const result = decodeRecord(bookingRecordSchema, bytes);

    expect(expectFailure(result).reason).toBe('malformed-json');
    expect(expectFailure(result).error.code).toBe('CONTRACTS_ERR_INVALID_UTF8');
  });

  it('reports schema-violation when value is null', () => {
    const result = decodeRecord(bookingRecordSchema, null);

    expect(expectFailure(result).reason).toBe('schema-violation');
    expect(expectFailure(result).error.code).toBe('CONTRACTS_ERR_MISSING_VALUE');
  });

  it.each([
    ['an array', '[]', 'value: expected an object, received an array'],
    ['a number', '42', 'value: expected an object, received 42'],
    ['a string', '"booking"', 'value: expected an object, received "booking"'],
    ['JSON null', 'null', 'value: expected an object, received null'],
  ])('reports schema-violation when value is %s', (_case, text, message) => {
    const result = decodeRecord(bookingRecordSchema, text);

    expect(expectFailure(result).reason).toBe('schema-violation');
    expect(expectFailure(result).error.message).toBe(message);
  });

  it('names every failing field in one message', () => {
    const text = JSON.stringify({
      ...booking,
      contact: { id: 'ctc_1', email: 'not-an-email' },
      version: -1,
      bookingId: undefined,
    });

    const result = decodeRecord(bookingRecordSchema, text);

    expect(expectFailure(result).error.issues).toEqual([
      { path: 'bookingId', message: 'expected a string, received no value (the field is missing)' },
      { path: 'contact.email', message: 'expected an email address, received "not-an-email"' },
      { path: 'version', message: 'expected a version of 0 or more, received -1' },
    ]);
    expect(expectFailure(result).error.message).toBe(
      'bookingId: expected a string, received no value (the field is missing); ' +
        'contact.email: expected an email address, received "not-an-email"; ' +
        'version: expected a version of 0 or more, received -1',
    );
  });

  it('reports unknown-type even when other fields are also wrong', () => {
    const text = JSON.stringify({ ...booking, type: 'booking.deleted', contact: null });

    const result = decodeRecord(bookingRecordSchema, text);

    expect(expectFailure(result).reason).toBe('unknown-type');
    expect(expectFailure(result).error.code).toBe('CONTRACTS_ERR_UNKNOWN_TYPE');
    expect(expectFailure(result).error.issues.map((issue) => issue.path)).toEqual(['type']);
  });

  it('reports schema-violation when type is not a string', () => {
    const result = decodeRecord(bookingRecordSchema, withField('type', 7));

    expect(expectFailure(result).reason).toBe('schema-violation');
  });

  it('reports schema-violation for an unknown value of a field other than type', () => {
    const result = decodeRecord(bookingRecordSchema, withField('status', 'Checked-In'));

    expect(expectFailure(result).reason).toBe('schema-violation');
  });

  it('cuts long received strings in messages', () => {
    const result = decodeRecord(bookingRecordSchema, withField('occurredAt', 'y'.repeat(500)));

    expect(expectFailure(result).error.message).toBe(
      `occurredAt: expected an ISO-8601 date-time with seconds and a UTC offset, e.g. 2025-03-14T09:30:00+01:00, received "${'y'.repeat(80)}…"`,
    );
  });

  it('names the discriminator value of an unknown import target', () => {
    const result = decodeRecord(
      importRequestRecordSchema,
      JSON.stringify({ schemaVersion: 1, importId: 'imp_1', target: 'companies' }),
    );

    expect(expectFailure(result).error.message).toBe(
      'target: expected one of "event-contacts", "accounts", received "companies"',
    );
  });

  it('does not let a __proto__ key change the prototype of the record', () => {
    const text = bookingText.replace('{', '{"__proto__": {"polluted": true},');

    const result = decodeRecord(bookingRecordSchema, text);

    expect(Object.getPrototypeOf(expectDecoded(result))).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([0, -5, 1.5, Number.NaN])('throws for maxBytes %s', (maxBytes) => {
    expect(() => decodeRecord(bookingRecordSchema, bookingText, { maxBytes })).toThrow(ContractsError);
  });

  it('never throws for arbitrary bytes', () => {
    // A fixed-seed generator keeps the inputs the same on every run.
    let seed = 0x2545f491;
    const nextByte = (): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) & 0xff;
    };
    for (let round = 0; round < 500; round += 1) {
      const length = nextByte() % 64;
      const bytes = Buffer.from(Array.from({ length }, nextByte));

      expect(() => decodeRecord(bookingRecordSchema, bytes)).not.toThrow();
    }
  });
});
