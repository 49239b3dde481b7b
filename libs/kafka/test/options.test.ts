import { describe, expect, it } from 'vitest';

import { thingSchema } from './fixtures/thing.js';
import { KafkaError, defaultRecordContext, resolveRuntimeOptions, testClientStub } from './unit-helpers.js';

const base = {
  client: testClientStub,
  groupId: 'marketing-event-sink',
  sourceTopic: 'oniva.bookings.v1',
  schema: thingSchema,
  handler: async () => [],
};

describe('resolveRuntimeOptions', () => {
  it('applies the documented defaults', () => {
    const resolved = resolveRuntimeOptions(base);
    expect(resolved.retryDelaysMs).toEqual([5_000, 60_000, 600_000]);
    expect(resolved.maxRecordBytes).toBe(256 * 1024);
    expect(resolved.partitionsConsumedConcurrently).toBe(1);
    expect(resolved.createTopics).toBe(true);
    expect(resolved.maxOutageMs).toBe(300_000);
    expect(resolved.sessionTimeoutMs).toBe(30_000);
    expect(resolved.heartbeatIntervalMs).toBe(3_000);
    expect(resolved.instanceId).toMatch(/^[A-Za-z0-9._-]+-\d+-\d+$/);
    expect(Object.isFrozen(resolved)).toBe(true);
  });

  it('gives each runtime of a process its own instance id', () => {
    expect(resolveRuntimeOptions(base).instanceId).not.toBe(resolveRuntimeOptions(base).instanceId);
  });

  it('rejects invalid options naming each one', () => {
    let caught: unknown;
    try {
      resolveRuntimeOptions({
        ...base,
        retryDelaysMs: [],
        backoffInitialMs: 5_000,
        backoffMaxMs: 1_000,
        instanceId: 'pod 1',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(KafkaError);
    const message = (caught as KafkaError).message;
    expect((caught as KafkaError).code).toBe('KAFKA_ERR_INVALID_OPTIONS');
    expect(message).toContain('retryDelaysMs');
    expect(message).toContain('backoffMaxMs: expected at least backoffInitialMs');
    expect(message).toContain('instanceId');
  });

  it('rejects a heartbeat interval above a third of the session timeout', () => {
    expect(() =>
      resolveRuntimeOptions({ ...base, sessionTimeoutMs: 6_000, heartbeatIntervalMs: 3_000 }),
    ).toThrow(/heartbeatIntervalMs: expected at most a third of sessionTimeoutMs/);
  });
});

describe('defaultRecordContext', () => {
  it('reads accountId and eventId strings', () => {
    expect(defaultRecordContext({ accountId: 'a-1', eventId: 'e-1' })).toEqual({
      accountId: 'a-1',
      eventId: 'e-1',
    });
    expect(defaultRecordContext({ accountId: 7, eventId: '' })).toEqual({ accountId: null, eventId: null });
    expect(defaultRecordContext('text')).toEqual({ accountId: null, eventId: null });
  });
});
