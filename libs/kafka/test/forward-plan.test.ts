import { RETRY_HEADERS, deadLetterRecordSchema, formatRetryHeaders } from '@oniva-hubspot/contracts';
import { describe, expect, it } from 'vitest';

import { ORIGINAL_TIMESTAMP_HEADER, TierLayout, defaultRecordContext, outcome } from '../src/index.js';
import type { RecordOutcome } from '../src/index.js';
import { prepareBatch } from '../src/runtime/decode-stage.js';
import { buildForwardPlan } from '../src/runtime/forward-plan.js';
import { thing, thingSchema } from './fixtures/thing.js';
import { consumedRecord } from './unit-helpers.js';

const layout = new TierLayout('oniva.bookings.v1', [5_000, 60_000]);
const now = Date.parse('2025-03-14T10:00:00Z');

function plan(records: ReturnType<typeof consumedRecord>[], outcomes: RecordOutcome[], tier = 0) {
  const topic = tier === 0 ? 'oniva.bookings.v1' : `oniva.bookings.v1.retry.${tier}`;
  const prepared = prepareBatch({
    batch: { topic, partition: 0, highWatermark: '10', records },
    tier,
    schema: thingSchema,
    maxRecordBytes: 1_024,
    now,
  });
  return buildForwardPlan({
    entries: prepared.due.map((entry, index) => ({ prepared: entry, outcome: outcomes[index]! })),
    layout,
    recordContext: defaultRecordContext,
    now,
  });
}

describe('buildForwardPlan', () => {
  it('sends a failed source record to the first tier with retry headers', () => {
    const result = plan(
      [consumedRecord({ offset: '4', value: thing('thing-1'), headers: { 'trace-id': 't-1' } })],
      [outcome.retry({ code: 'HUBSPOT_ERR_SERVER', message: 'HubSpot answered 502' })],
    );
    expect(result.records).toHaveLength(1);
    const [record] = result.records;
    expect(record!.topic).toBe('oniva.bookings.v1.retry.1');
    expect(record!.key?.toString()).toBe('event-1');
    expect(record!.headers).toEqual({
      'trace-id': 't-1',
      [RETRY_HEADERS.attempt]: '1',
      [RETRY_HEADERS.dueAt]: '2025-03-14T10:00:05.000Z',
      [RETRY_HEADERS.originalTopic]: 'oniva.bookings.v1',
      [RETRY_HEADERS.originalPartition]: '0',
      [RETRY_HEADERS.originalOffset]: '4',
      [RETRY_HEADERS.firstFailedAt]: '2025-03-14T10:00:00.000Z',
      [RETRY_HEADERS.lastError]: 'HUBSPOT_ERR_SERVER: HubSpot answered 502',
      [ORIGINAL_TIMESTAMP_HEADER]: String(Date.parse('2025-03-14T09:30:00Z')),
    });
    expect(result.tally.retried).toEqual([1]);
  });

  it('keeps the first failure time and original position across tiers', () => {
    const headers = {
      ...formatRetryHeaders({
        attempt: 1,
        dueAt: '2025-03-14T09:59:00.000Z',
        originalTopic: 'oniva.bookings.v1',
        originalPartition: 2,
        originalOffset: '99',
        firstFailedAt: '2025-03-14T09:58:55.000Z',
        lastError: 'x',
      }),
      [ORIGINAL_TIMESTAMP_HEADER]: '1741944000000',
    };
    const result = plan(
      [consumedRecord({ topic: 'oniva.bookings.v1.retry.1', offset: '0', value: thing('thing-1'), headers })],
      [outcome.retry(new Error('503'))],
      1,
    );
    const retryHeaders = result.records[0]!.headers!;
    expect(result.records[0]!.topic).toBe('oniva.bookings.v1.retry.2');
    expect(retryHeaders[RETRY_HEADERS.attempt]).toBe('2');
    expect(retryHeaders[RETRY_HEADERS.dueAt]).toBe('2025-03-14T10:01:00.000Z');
    expect(retryHeaders[RETRY_HEADERS.originalOffset]).toBe('99');
    expect(retryHeaders[RETRY_HEADERS.firstFailedAt]).toBe('2025-03-14T09:58:55.000Z');
    expect(retryHeaders[ORIGINAL_TIMESTAMP_HEADER]).toBe('1741944000000');
  });

  it('dead-letters a record that fails in the last tier', () => {
    const headers = formatRetryHeaders({
      attempt: 2,
      dueAt: '2025-03-14T09:59:00.000Z',
      originalTopic: 'oniva.bookings.v1',
      originalPartition: 0,
      originalOffset: '12',
      firstFailedAt: '2025-03-14T09:58:00.000Z',
      lastError: 'x',
    });
    const result = plan(
      [
        consumedRecord({
          topic: 'oniva.bookings.v1.retry.2',
          offset: '3',
          value: thing('thing-1'),
          headers: { ...headers, origin: 'oniva' },
        }),
      ],
      [outcome.retry({ code: 'HUBSPOT_ERR_SERVER', message: '502' })],
      2,
    );
    expect(result.records[0]!.topic).toBe('oniva.bookings.v1.dlq');
    const envelope = deadLetterRecordSchema.parse(JSON.parse(result.records[0]!.value!.toString()));
    expect(envelope).toMatchObject({
      reason: 'retries-exhausted',
      attempts: 3,
      firstFailedAt: '2025-03-14T09:58:00.000Z',
      lastFailedAt: '2025-03-14T10:00:00.000Z',
      source: { topic: 'oniva.bookings.v1', partition: 0, offset: '12', key: 'event-1' },
      headers: { origin: 'oniva' },
      valueEncoding: 'utf8',
    });
    expect(result.deadLetters[0]).toMatchObject({
      accountId: 'account-1',
      eventId: 'event-1',
      reason: 'retries-exhausted',
    });
  });

  it('dead-letters rejected records with their account when the JSON has one', () => {
    const result = plan(
      [consumedRecord({ offset: '0', value: { ...thing('x'), type: 'thing.exploded' } })],
      [
        outcome.deadLetter('unknown-type', {
          code: 'CONTRACTS_ERR_UNKNOWN_TYPE',
          message: 'type: expected one of',
        }),
      ],
    );
    expect(result.deadLetters[0]).toMatchObject({
      accountId: 'account-1',
      reason: 'unknown-type',
      attempts: 1,
    });
    expect(result.tally.deadLettered).toEqual(['unknown-type']);
  });

  it('encodes a value that is not UTF-8 as base64', () => {
    const record = {
      ...consumedRecord({ offset: '0', value: null }),
      value: Buffer.from([0xff, 0xfe, 0x00]),
    };
    const result = plan([record], [outcome.deadLetter('malformed-json', new Error('invalid UTF-8'))]);
    const envelope = JSON.parse(result.records[0]!.value!.toString());
    expect(envelope).toMatchObject({ value: '//4A', valueEncoding: 'base64' });
  });

  it('parks without producing and counts every outcome', () => {
    const result = plan(
      [
        consumedRecord({ offset: '0', value: thing('a') }),
        consumedRecord({ offset: '1', value: thing('b') }),
        consumedRecord({ offset: '2', value: thing('c') }),
      ],
      [
        outcome.applied(),
        outcome.skipped('stale-version'),
        outcome.park('account-1', 'token-invalid', new Error('401')),
      ],
    );
    expect(result.records).toEqual([]);
    expect(result.parked).toEqual([
      expect.objectContaining({
        accountId: 'account-1',
        source: { topic: 'oniva.bookings.v1', partition: 0, offset: '2' },
        value: JSON.stringify(thing('c')),
        reason: 'token-invalid',
        error: { code: 'Error', message: '401' },
        attempts: 1,
      }),
    ]);
    expect(result.tally).toEqual({
      applied: 1,
      skipped: ['stale-version'],
      retried: [],
      deadLettered: [],
      parked: ['token-invalid'],
    });
  });
});
