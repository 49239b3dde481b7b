import { RETRY_HEADERS, retryTopicName } from '@oniva-hubspot/contracts';
import { testServers } from '@oniva-hubspot/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { standardProvisioning } from './support/portals.js';
import { startTestApi, type TestApi } from './support/test-api.js';
import { readTopic } from './support/topics.js';

let api: TestApi;
let offset = 0;

beforeAll(async () => {
  api = await startTestApi({ provision: standardProvisioning() });
});

afterAll(async () => {
  await api?.close();
});

function bookingValue(accountId: string, eventId: string): string {
  return JSON.stringify({
    schemaVersion: 1,
    type: 'booking.created',
    accountId,
    eventId,
    bookingId: `b-${offset}`,
  });
}

/** Stores a parked record as the sinks do. */
async function park(accountId: string, eventId: string, reason = 'token-invalid') {
  offset += 1;
  return api.deps.models.ParkedMessage.create({
    accountId,
    source: { topic: api.topics.bookings, partition: 0, offset: String(offset) },
    key: eventId,
    value: bookingValue(accountId, eventId),
    headers: { 'x-trace': `t-${offset}` },
    reason,
    error: { code: 'HUBSPOT_TOKEN_INVALID', message: 'HubSpot rejected the token' },
    attempts: 1,
    parkedAt: new Date(),
  });
}

/** Stores a dead letter as the sinks do. */
async function deadLetter(accountId: string, eventId: string) {
  offset += 1;
  return api.deps.models.DeadLetter.create({
    accountId,
    eventId,
    source: { topic: api.topics.bookings, partition: 0, offset: String(offset) },
    reason: 'hubspot-rejected',
    error: { code: 'HUBSPOT_VALIDATION_FAILED', message: 'Email address ada@example is invalid' },
    key: eventId,
    value: bookingValue(accountId, eventId),
    headers: {},
    deadLetteredAt: new Date(),
  });
}

describe('sync status', () => {
  it('sums the counters of every event and counts the backlog', async () => {
    const { key } = await api.connectAccount('acct-sync');
    const lastSuccessAt = new Date('2026-05-01T10:00:00Z');
    await api.deps.models.SyncStats.create([
      {
        accountId: 'acct-sync',
        eventId: 'ev-1',
        applied: 10,
        skippedByReason: { 'before-activation': 2 },
        retrying: 1,
        lastSuccessAt,
      },
      {
        accountId: 'acct-sync',
        eventId: 'ev-2',
        applied: 5,
        skippedByReason: { 'before-activation': 1, 'older-version': 4 },
        deadLettered: 1,
        lastError: {
          code: 'HUBSPOT_VALIDATION_FAILED',
          message: 'invalid email',
          at: new Date('2026-05-02T10:00:00Z'),
        },
      },
    ]);
    await park('acct-sync', 'ev-1');
    await deadLetter('acct-sync', 'ev-2');

    const response = await api.call(key, { method: 'GET', url: '/v1/accounts/acct-sync/sync' });

    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      totals: {
        applied: 15,
        skippedByReason: { 'before-activation': 3, 'older-version': 4 },
        retrying: 1,
        deadLettered: 1,
        lastSuccessAt: lastSuccessAt.toISOString(),
        lastError: { code: 'HUBSPOT_VALIDATION_FAILED' },
      },
      parkedWaiting: 1,
      deadLettersWaiting: 1,
    });
    expect(response.json().events).toHaveLength(2);
  });

  it('shows one event with its backlog', async () => {
    const { key } = await api.connectAccount('acct-sync-event');
    await api.deps.models.SyncStats.create({ accountId: 'acct-sync-event', eventId: 'ev-1', applied: 3 });
    await park('acct-sync-event', 'ev-1');
    await park('acct-sync-event', 'ev-2');

    const response = await api.call(key, {
      method: 'GET',
      url: '/v1/accounts/acct-sync-event/sync/events/ev-1',
    });
    const empty = await api.call(key, {
      method: 'GET',
      url: '/v1/accounts/acct-sync-event/sync/events/ev-9',
    });

    expect(response.json()).toMatchObject({
      eventId: 'ev-1',
      applied: 3,
      parkedWaiting: 1,
      deadLettersWaiting: 0,
    });
    expect(empty.json()).toMatchObject({ eventId: 'ev-9', applied: 0, parkedWaiting: 0 });
  });
});

describe('parked records', () => {
  it('lists parked records with their errors, page by page', async () => {
    const { key } = await api.connectAccount('acct-parked-list');
    for (let index = 0; index < 3; index += 1) {
      await park('acct-parked-list', 'ev-1');
    }
    const first = await api.call(key, {
      method: 'GET',
      url: '/v1/accounts/acct-parked-list/sync/parked?limit=2',
    });
    const second = await api.call(key, {
      method: 'GET',
      url: `/v1/accounts/acct-parked-list/sync/parked?limit=2&after=${first.json().nextAfter}`,
    });

    expect(first.json().records).toHaveLength(2);
    expect(first.json().records[0]).toMatchObject({
      key: 'ev-1',
      reason: 'token-invalid',
      error: { code: 'HUBSPOT_TOKEN_INVALID' },
      source: { topic: api.topics.bookings, partition: 0 },
    });
    expect(second.json().records).toHaveLength(1);
    expect(second.json().nextAfter).toBeUndefined();
  });

  it('replay sends them to the first retry tier and removes them', async () => {
    const { key } = await api.connectAccount('acct-parked-replay');
    const parked = await park('acct-parked-replay', 'ev-7');
    const response = await api.call(key, {
      method: 'POST',
      url: '/v1/accounts/acct-parked-replay/sync/parked/replay',
    });

    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ replayed: 1 });
    expect(await api.deps.models.ParkedMessage.countDocuments({ accountId: 'acct-parked-replay' })).toBe(0);

    const records = await readTopic(testServers().kafkaBrokers, retryTopicName(api.topics.bookings, 1), {
      until: (read) =>
        read.some((record) => record.headers[RETRY_HEADERS.originalOffset] === parked.source.offset),
    });
    const replayed = records.find(
      (record) => record.headers[RETRY_HEADERS.originalOffset] === parked.source.offset,
    );
    expect(replayed).toMatchObject({ key: 'ev-7', value: parked.value });
    expect(replayed?.headers[RETRY_HEADERS.attempt]).toBe('1');
    expect(replayed?.headers[RETRY_HEADERS.originalTopic]).toBe(api.topics.bookings);
    expect(replayed?.headers['x-trace']).toBe(parked.headers.get('x-trace'));
  });
});

describe('dead letters', () => {
  it('lists dead letters not replayed yet', async () => {
    const { key } = await api.connectAccount('acct-dlq-list');
    await deadLetter('acct-dlq-list', 'ev-1');
    await deadLetter('acct-dlq-list', 'ev-2');
    const all = await api.call(key, { method: 'GET', url: '/v1/accounts/acct-dlq-list/sync/dead-letters' });
    const secondEvent = await api.call(key, {
      method: 'GET',
      url: '/v1/accounts/acct-dlq-list/sync/dead-letters?eventId=ev-2',
    });

    expect(all.json().records).toHaveLength(2);
    expect(secondEvent.json().records).toEqual([
      expect.objectContaining({
        eventId: 'ev-2',
        reason: 'hubspot-rejected',
        error: expect.objectContaining({ code: 'HUBSPOT_VALIDATION_FAILED' }),
      }),
    ]);
  });

  it('replay by id republishes and marks them replayed', async () => {
    const { key } = await api.connectAccount('acct-dlq-replay');
    const letter = await deadLetter('acct-dlq-replay', 'ev-3');
    const response = await api.call(key, {
      method: 'POST',
      url: '/v1/accounts/acct-dlq-replay/sync/dead-letters/replay',
      payload: { ids: [String(letter._id)] },
    });

    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ replayed: 1 });
    const stored = await api.deps.models.DeadLetter.findById(letter._id);
    expect(stored?.replayedAt).toBeInstanceOf(Date);
    const records = await readTopic(testServers().kafkaBrokers, retryTopicName(api.topics.bookings, 1), {
      until: (read) =>
        read.some((record) => record.headers[RETRY_HEADERS.originalOffset] === letter.source.offset),
    });
    const replayed = records.find(
      (record) => record.headers[RETRY_HEADERS.originalOffset] === letter.source.offset,
    );
    expect(replayed).toMatchObject({ key: 'ev-3', value: letter.value });

    const listed = await api.call(key, {
      method: 'GET',
      url: '/v1/accounts/acct-dlq-replay/sync/dead-letters',
    });
    const withReplayed = await api.call(key, {
      method: 'GET',
      url: '/v1/accounts/acct-dlq-replay/sync/dead-letters?includeReplayed=true',
    });
    expect(listed.json().records).toEqual([]);
    expect(withReplayed.json().records[0].replayedAt).toEqual(expect.any(String));
  });

  it('replay restores binary values and dotted header names', async () => {
    // A dead letter whose value was not valid UTF-8 is stored as base64; header names with "."
    // are stored percent-encoded, because mongoose map keys cannot hold a dot.
    const { key } = await api.connectAccount('acct-dlq-binary');
    offset += 1;
    const original = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
    const letter = await api.deps.models.DeadLetter.create({
      accountId: 'acct-dlq-binary',
      eventId: 'ev-9',
      source: { topic: api.topics.bookings, partition: 0, offset: String(offset) },
      reason: 'malformed-json',
      error: { code: 'CONTRACTS_ERR_MALFORMED_JSON', message: 'not JSON' },
      key: 'ev-9',
      value: original.toString('base64'),
      valueEncoding: 'base64',
      headers: { 'trace%2Eid': 'abc' },
      deadLetteredAt: new Date(),
    });
    const response = await api.call(key, {
      method: 'POST',
      url: '/v1/accounts/acct-dlq-binary/sync/dead-letters/replay',
      payload: { ids: [String(letter._id)] },
    });

    expect(response.statusCode, response.body).toBe(200);
    const records = await readTopic(testServers().kafkaBrokers, retryTopicName(api.topics.bookings, 1), {
      until: (read) =>
        read.some((record) => record.headers[RETRY_HEADERS.originalOffset] === letter.source.offset),
    });
    const replayed = records.find(
      (record) => record.headers[RETRY_HEADERS.originalOffset] === letter.source.offset,
    );
    expect(replayed?.rawValue?.equals(original)).toBe(true);
    expect(replayed?.headers['trace.id']).toBe('abc');
    expect(replayed?.key).toBe('ev-9');
  });

  it('replay without ids takes every dead letter not replayed yet', async () => {
    const { key } = await api.connectAccount('acct-dlq-all');
    await deadLetter('acct-dlq-all', 'ev-1');
    await deadLetter('acct-dlq-all', 'ev-1');
    const response = await api.call(key, {
      method: 'POST',
      url: '/v1/accounts/acct-dlq-all/sync/dead-letters/replay',
    });

    expect(response.json()).toEqual({ replayed: 2 });
  });

  it('replay of an unknown id names it', async () => {
    const { key } = await api.connectAccount('acct-dlq-unknown');
    const response = await api.call(key, {
      method: 'POST',
      url: '/v1/accounts/acct-dlq-unknown/sync/dead-letters/replay',
      payload: { ids: ['0123456789abcdef01234567'] },
    });

    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({
      code: 'API_DEAD_LETTER_NOT_FOUND',
      details: { missingIds: ['0123456789abcdef01234567'] },
    });
  });
});
