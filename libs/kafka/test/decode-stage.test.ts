import { formatRetryHeaders } from '@oniva-hubspot/contracts';
import { describe, expect, it } from 'vitest';

import { prepareBatch } from '../src/runtime/decode-stage.js';
import { thing, thingSchema } from './fixtures/thing.js';
import { consumedRecord } from './unit-helpers.js';

const now = Date.parse('2025-03-14T10:00:00Z');

function retryHeaders(dueAt: string, attempt = 1): Record<string, string> {
  return formatRetryHeaders({
    attempt,
    dueAt,
    originalTopic: 'oniva.bookings.v1',
    originalPartition: 3,
    originalOffset: '42',
    firstFailedAt: '2025-03-14T09:59:00.000Z',
    lastError: 'HUBSPOT_ERR_SERVER: 502',
  });
}

function batch(topic: string, records: ReturnType<typeof consumedRecord>[]) {
  return { topic, partition: 0, highWatermark: '100', records };
}

describe('prepareBatch', () => {
  it('decodes source records as first attempts', () => {
    const prepared = prepareBatch({
      batch: batch('oniva.bookings.v1', [consumedRecord({ offset: '7', value: thing('thing-1') })]),
      tier: 0,
      schema: thingSchema,
      maxRecordBytes: 1_024,
      now,
    });
    expect(prepared.held).toBeNull();
    expect(prepared.due[0]!.sink).toMatchObject({
      attempt: 1,
      tier: 0,
      key: 'event-1',
      firstFailedAt: null,
      source: { topic: 'oniva.bookings.v1', partition: 0, offset: '7' },
    });
  });

  it('reads the original position and attempt of a retry record', () => {
    const prepared = prepareBatch({
      batch: batch('oniva.bookings.v1.retry.2', [
        consumedRecord({
          topic: 'oniva.bookings.v1.retry.2',
          offset: '0',
          value: thing('thing-1'),
          headers: retryHeaders('2025-03-14T09:59:30.000Z', 2),
        }),
      ]),
      tier: 2,
      schema: thingSchema,
      maxRecordBytes: 1_024,
      now,
    });
    expect(prepared.due[0]!.sink).toMatchObject({
      attempt: 3,
      tier: 2,
      firstFailedAt: '2025-03-14T09:59:00.000Z',
      source: { topic: 'oniva.bookings.v1', partition: 3, offset: '42' },
    });
  });

  it('holds back records not yet due', () => {
    const topic = 'oniva.bookings.v1.retry.1';
    const prepared = prepareBatch({
      batch: batch(topic, [
        consumedRecord({
          topic,
          offset: '0',
          value: thing('due'),
          headers: retryHeaders('2025-03-14T09:59:59.000Z'),
        }),
        consumedRecord({
          topic,
          offset: '1',
          value: thing('later'),
          headers: retryHeaders('2025-03-14T10:00:05.000Z'),
        }),
        consumedRecord({
          topic,
          offset: '2',
          value: thing('even-later'),
          headers: retryHeaders('2025-03-14T10:00:06.000Z'),
        }),
      ]),
      tier: 1,
      schema: thingSchema,
      maxRecordBytes: 1_024,
      now,
    });
    expect(prepared.due.map((entry) => entry.record.offset)).toEqual(['0']);
    expect(prepared.held).toEqual({
      record: expect.objectContaining({ offset: '1' }),
      dueAt: Date.parse('2025-03-14T10:00:05.000Z'),
    });
  });

  it('rejects a retry record without retry headers as invalid input', () => {
    const topic = 'oniva.bookings.v1.retry.1';
    const prepared = prepareBatch({
      batch: batch(topic, [consumedRecord({ topic, offset: '5', value: thing('thing-1') })]),
      tier: 1,
      schema: thingSchema,
      maxRecordBytes: 1_024,
      now,
    });
    expect(prepared.due[0]!.sink).toBeNull();
    expect(prepared.due[0]!.rejection?.reason).toBe('invalid-input');
    expect(prepared.due[0]!.rejection?.error.message).toContain('x-attempt');
    expect(prepared.due[0]!.delivery.source).toEqual({ topic, partition: 0, offset: '5' });
  });

  it.each([
    { name: 'malformed JSON', value: '{"id":', reason: 'malformed-json' },
    { name: 'a schema violation', value: { ...thing('x'), accountId: '' }, reason: 'schema-violation' },
    { name: 'an unknown type', value: { ...thing('x'), type: 'thing.exploded' }, reason: 'unknown-type' },
    { name: 'an oversize value', value: { ...thing('x'), padding: 'p'.repeat(2_000) }, reason: 'oversize' },
    { name: 'a tombstone', value: null, reason: 'schema-violation' },
  ])('rejects $name as $reason', ({ value, reason }) => {
    const prepared = prepareBatch({
      batch: batch('oniva.bookings.v1', [consumedRecord({ offset: '0', value })]),
      tier: 0,
      schema: thingSchema,
      maxRecordBytes: 1_024,
      now,
    });
    expect(prepared.due[0]!.rejection?.reason).toBe(reason);
  });
});
