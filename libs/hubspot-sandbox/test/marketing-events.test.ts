import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  OTHER_APP_TOKEN,
  READ_ONLY_TOKEN,
  createEvent,
  eventInput,
  sdkRejection,
  startMarketingSandbox,
  type MarketingSandbox,
} from './marketing-events-helpers.js';

const BASE = '/marketing/v3/marketing-events';
const ACCOUNT = 'oniva-account-1';

let harness: MarketingSandbox;

beforeEach(async () => {
  harness = await startMarketingSandbox({ customPropertyNames: ['oniva_event_id'] });
});

afterEach(async () => {
  await harness.close();
});

describe('marketing event create', () => {
  it('create returns 200 with objectId through the SDK', async () => {
    const created = await harness.client().marketing.events.basicApi.create({
      ...eventInput('ev-1'),
      startDateTime: new Date('2026-07-01T09:00:00.000Z'),
      endDateTime: new Date('2026-07-01T11:00:00.000Z'),
    });

    expect(created.objectId).toMatch(/^\d+$/);
    expect(created.eventName).toBe('Event ev-1');
    expect(created.startDateTime?.toISOString()).toBe('2026-07-01T09:00:00.000Z');
  });

  it('create omits the external ids from its response', async () => {
    const response = await harness.call('POST', `${BASE}/events`, { body: eventInput('ev-1') });

    expect(response.status).toBe(200);
    expect(response.body.externalEventId).toBeUndefined();
    expect(response.body.externalAccountId).toBeUndefined();
  });

  it('create rejects repeated external ids with 409', async () => {
    await createEvent(harness, 'ev-1');

    const error = await sdkRejection(harness.client().marketing.events.basicApi.create(eventInput('ev-1')));

    expect(error.code).toBe(409);
    expect(error.body.category).toBe('CONFLICT');
  });

  it.each(['eventName', 'eventOrganizer', 'externalAccountId', 'externalEventId'])(
    'create rejects a body without %s',
    async (field) => {
      const body: Record<string, unknown> = eventInput('ev-1');
      delete body[field];

      const response = await harness.call('POST', `${BASE}/events`, { body });

      expect(response.status).toBe(400);
      expect(response.body.category).toBe('VALIDATION_ERROR');
      expect(response.body.message).toContain(field);
    },
  );

  it('create rejects a date that is not ISO-8601', async () => {
    const response = await harness.call('POST', `${BASE}/events`, {
      body: eventInput('ev-1', { startDateTime: '01/07/2026 09:00' }),
    });

    expect(response.status).toBe(400);
    expect(response.body.message).toContain('startDateTime');
  });

  it('create returns dates as ISO-8601 strings', async () => {
    const response = await harness.call('POST', `${BASE}/events`, {
      body: eventInput('ev-1', { startDateTime: '2026-07-01T11:00:00+02:00' }),
    });

    expect(response.body.startDateTime).toBe('2026-07-01T09:00:00.000Z');
  });

  it('create drops customProperties that are not defined', async () => {
    const response = await harness.call('POST', `${BASE}/events`, {
      body: eventInput('ev-1', {
        customProperties: [
          { name: 'oniva_event_id', value: 'e-1' },
          { name: 'unknown_property', value: 'x' },
        ],
      }),
    });

    expect(response.status).toBe(200);
    const names = response.body.customProperties.map((property: { name: string }) => property.name);
    expect(names).toEqual(['oniva_event_id']);
    expect(response.body.customProperties[0].value).toBe('e-1');
  });

  it('create keeps events of two apps apart when external ids match', async () => {
    const ownerObjectId = await createEvent(harness, 'ev-1');

    const other = await harness.call('POST', `${BASE}/events`, {
      token: OTHER_APP_TOKEN,
      body: eventInput('ev-1'),
    });

    expect(other.status).toBe(200);
    expect(other.body.objectId).not.toBe(ownerObjectId);
  });

  it('create rejects a token without the write scope', async () => {
    const response = await harness.call('POST', `${BASE}/events`, {
      token: READ_ONLY_TOKEN,
      body: eventInput('ev-1'),
    });

    expect(response.status).toBe(403);
    expect(response.body.category).toBe('MISSING_SCOPES');
    expect(response.body.errors[0].context.requiredGranularScopes).toEqual([
      'crm.objects.marketing_events.write',
    ]);
  });
});

describe('marketing event upsert', () => {
  it('upsert creates the event and then updates it', async () => {
    const api = harness.client().marketing.events.basicApi;

    const first = await api.upsert('ev-1', eventInput('ev-1'));
    const second = await api.upsert('ev-1', eventInput('ev-1', { eventName: 'Renamed' }));
    const listed = await api.getAll();

    expect(second.objectId).toBe(first.objectId);
    expect(second.eventName).toBe('Renamed');
    expect(listed.results).toHaveLength(1);
  });

  it('upsert changes nothing when repeated', async () => {
    const body = eventInput('ev-1', { eventType: 'WEBINAR', startDateTime: '2026-07-01T09:00:00.000Z' });
    const first = await harness.call('PUT', `${BASE}/events/ev-1`, { body });
    harness.clock.advance(1000);

    const second = await harness.call('PUT', `${BASE}/events/ev-1`, { body });

    expect(second.status).toBe(200);
    const { updatedAt: _firstUpdatedAt, ...firstFields } = first.body;
    const { updatedAt: _secondUpdatedAt, ...secondFields } = second.body;
    expect(secondFields).toEqual(firstFields);
  });

  it('upsert keeps fields the body omits', async () => {
    await harness.call('PUT', `${BASE}/events/ev-1`, {
      body: eventInput('ev-1', { eventUrl: 'https://oniva.example/e/1' }),
    });

    const response = await harness.call('PUT', `${BASE}/events/ev-1`, { body: eventInput('ev-1') });

    expect(response.body.eventUrl).toBe('https://oniva.example/e/1');
  });

  it('upsert rejects a body whose externalEventId differs from the path', async () => {
    const response = await harness.call('PUT', `${BASE}/events/ev-1`, { body: eventInput('ev-2') });

    expect(response.status).toBe(400);
    expect(response.body.category).toBe('VALIDATION_ERROR');
  });
});

describe('marketing event access by external ids', () => {
  const externalIdCalls: Array<[string, string]> = [
    ['GET', `${BASE}/events/ev-1`],
    ['PATCH', `${BASE}/events/ev-1`],
    ['DELETE', `${BASE}/events/ev-1`],
    ['POST', `${BASE}/events/ev-1/cancel`],
    ['POST', `${BASE}/events/ev-1/complete`],
  ];

  it.each(externalIdCalls)('%s %s requires externalAccountId', async (method, path) => {
    await createEvent(harness, 'ev-1');

    const response = await harness.call(method, path, {
      body: method === 'GET' || method === 'DELETE' ? undefined : {},
    });

    expect(response.status).toBe(400);
    expect(response.body.category).toBe('VALIDATION_ERROR');
    expect(response.body.message).toContain('externalAccountId');
  });

  it.each(externalIdCalls)('%s %s returns 404 to another app', async (method, path) => {
    await createEvent(harness, 'ev-1');

    const response = await harness.call(method, `${path}?externalAccountId=${ACCOUNT}`, {
      token: OTHER_APP_TOKEN,
      body: method === 'GET' || method === 'DELETE' ? undefined : {},
    });

    expect(response.status).toBe(404);
    expect(response.body.category).toBe('OBJECT_NOT_FOUND');
  });

  it('get returns fields and counters', async () => {
    await createEvent(harness, 'ev-1', { eventType: 'CONFERENCE' });

    const event = await harness.client().marketing.events.basicApi.getDetails('ev-1', ACCOUNT);

    expect(event.externalEventId).toBe('ev-1');
    expect(event.eventType).toBe('CONFERENCE');
    expect(event.registrants).toBe(0);
    expect(event.attendees).toBe(0);
    expect(event.cancellations).toBe(0);
    expect(event.noShows).toBe(0);
    expect(event.createdAt.toISOString()).toBe('2026-06-01T12:00:00.000Z');
  });

  it('get returns 404 for a different externalAccountId', async () => {
    await createEvent(harness, 'ev-1');

    const error = await sdkRejection(
      harness.client().marketing.events.basicApi.getDetails('ev-1', 'another-account'),
    );

    expect(error.code).toBe(404);
  });

  it('patch changes only the given fields', async () => {
    await createEvent(harness, 'ev-1');

    const updated = await harness
      .client()
      .marketing.events.basicApi.update('ev-1', ACCOUNT, { eventName: 'Renamed' });

    expect(updated.eventName).toBe('Renamed');
    expect(updated.eventOrganizer).toBe('Oniva');
  });

  it('delete removes the event', async () => {
    await createEvent(harness, 'ev-1');
    const api = harness.client().marketing.events.basicApi;

    await api.archive('ev-1', ACCOUNT);
    const error = await sdkRejection(api.getDetails('ev-1', ACCOUNT));

    expect(error.code).toBe(404);
  });
});

describe('marketing event access by objectId', () => {
  it('get by objectId works for another app', async () => {
    const objectId = await createEvent(harness, 'ev-1');

    const event = await harness.client(OTHER_APP_TOKEN).marketing.events.basicApi.getByObjectId(objectId);

    expect(event.objectId).toBe(objectId);
    expect(event.externalEventId).toBe('ev-1');
    expect(event.appInfo?.id).toBe('1');
    expect(event.eventStatus).toBe('UPCOMING');
  });

  it('patch by objectId works for another app', async () => {
    const objectId = await createEvent(harness, 'ev-1');

    const updated = await harness
      .client(OTHER_APP_TOKEN)
      .marketing.events.basicApi.updateByObjectId(objectId, { eventName: 'Renamed', customProperties: [] });

    expect(updated.eventName).toBe('Renamed');
    expect(updated.objectId).toBe(objectId);
  });

  it('delete by objectId returns 204 and removes the event', async () => {
    const objectId = await createEvent(harness, 'ev-1');

    const deleted = await harness.call('DELETE', `${BASE}/${objectId}`, { token: OTHER_APP_TOKEN });
    const read = await harness.call('GET', `${BASE}/${objectId}`);

    expect(deleted.status).toBe(204);
    expect(read.status).toBe(404);
  });
});

describe('marketing event list', () => {
  it('list pages through every app’s events', async () => {
    await createEvent(harness, 'ev-1');
    await createEvent(harness, 'ev-2');
    await harness.call('POST', `${BASE}/events`, { token: OTHER_APP_TOKEN, body: eventInput('ev-3') });
    const api = harness.client().marketing.events.basicApi;

    const first = await api.getAll(undefined, 2);
    const second = await api.getAll(first.paging?.next?.after, 2);

    expect(first.results.map((event) => event.externalEventId)).toEqual(['ev-1', 'ev-2']);
    expect(first.paging?.next?.after).toBeTypeOf('string');
    expect(second.results.map((event) => event.externalEventId)).toEqual(['ev-3']);
    expect(second.paging).toBeUndefined();
  });

  it('list answers without the trailing slash too', async () => {
    await createEvent(harness, 'ev-1');

    const response = await harness.call('GET', `${BASE}?limit=5`);

    expect(response.status).toBe(200);
    expect(response.body.results).toHaveLength(1);
  });

  it('list rejects a malformed cursor', async () => {
    const response = await harness.call('GET', `${BASE}/?after=not-a-cursor`);

    expect(response.status).toBe(400);
  });
});

describe('marketing event cancel and complete', () => {
  it('cancel sets eventCancelled and can be repeated', async () => {
    await createEvent(harness, 'ev-1');
    const api = harness.client().marketing.events.changePropertyApi;

    await api.cancel('ev-1', ACCOUNT);
    const again = await api.cancel('ev-1', ACCOUNT);

    expect(again.eventCancelled).toBe(true);
  });

  it('complete requires both dates', async () => {
    await createEvent(harness, 'ev-1');

    const response = await harness.call('POST', `${BASE}/events/ev-1/complete?externalAccountId=${ACCOUNT}`, {
      body: { startDateTime: '2026-07-01T09:00:00.000Z' },
    });

    expect(response.status).toBe(400);
    expect(response.body.message).toContain('endDateTime');
  });

  it('complete sets eventCompleted and the dates', async () => {
    await createEvent(harness, 'ev-1');

    const completed = await harness.client().marketing.events.changePropertyApi.complete('ev-1', ACCOUNT, {
      startDateTime: new Date('2026-05-01T09:00:00.000Z'),
      endDateTime: new Date('2026-05-01T11:00:00.000Z'),
    });

    expect(completed.eventCompleted).toBe(true);
    expect(completed.endDateTime?.toISOString()).toBe('2026-05-01T11:00:00.000Z');
  });
});

describe('marketing event module options', () => {
  it('invalid options name the option', async () => {
    harness.sandbox.admin.setModuleOptions('marketingEvents', { identifiersDelayMs: -1 });

    const response = await harness.call('GET', `${BASE}/`);

    expect(response.body.code).toBe('SANDBOX_ERR_INVALID_OPTIONS');
    expect(response.body.message).toContain('identifiersDelayMs');
  });

  it('options changed at runtime apply at once', async () => {
    await createEvent(harness, 'ev-1');
    harness.sandbox.admin.setModuleOptions('marketingEvents', { identifiersDelayMs: 0 });

    const response = await harness.call('GET', `${BASE}/ev-1/identifiers`);

    expect(response.body.total).toBe(1);
  });
});
