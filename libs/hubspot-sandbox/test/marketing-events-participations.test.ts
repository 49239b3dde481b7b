import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  OTHER_APP_TOKEN,
  addContacts,
  createEvent,
  eventInput,
  startMarketingSandbox,
  type MarketingSandbox,
} from './marketing-events-helpers.js';

const BASE = '/marketing/v3/marketing-events';
const ACCOUNT = 'oniva-account-1';
const EVENT_START = '2026-06-10T09:00:00.000Z';
const EVENT_END = '2026-06-10T11:00:00.000Z';
const T1 = Date.parse('2026-06-01T10:00:00.000Z');

let harness: MarketingSandbox;
let objectId: string;
let contactIds: string[];
/** interactionDateTime of the next call; each call is a minute later, so later calls set the current state. */
let nextInteraction: number;

async function record(state: string, vids: string[], properties?: Record<string, string>) {
  const interactionDateTime = nextInteraction;
  nextInteraction += 60_000;
  const inputs = vids.map((vid) => ({
    vid: Number(vid),
    interactionDateTime,
    ...(properties ? { properties } : {}),
  }));
  const response = await harness.call(
    'POST',
    `${BASE}/attendance/ev-1/${state}/create?externalAccountId=${ACCOUNT}`,
    {
      body: { inputs },
    },
  );
  expect(response.status).toBe(200);
}

beforeEach(async () => {
  nextInteraction = T1;
  harness = await startMarketingSandbox();
  objectId = await createEvent(harness, 'ev-1', { startDateTime: EVENT_START, endDateTime: EVENT_END });
  contactIds = addContacts(harness, [
    { email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace' },
    { email: 'grace@example.com', firstname: 'Grace' },
    { email: 'alan@example.com' },
    { email: 'edsger@example.com' },
  ]);
});

afterEach(async () => {
  await harness.close();
});

describe('participation counters', () => {
  it('counters count each contact by its current state', async () => {
    const [ada, grace, alan] = contactIds as [string, string, string];
    await record('register', [ada, grace, alan]);
    await record('attend', [ada]);
    await record('cancel', [grace]);

    const counters = await harness
      .client()
      .marketing.events.retrieveParticipantStateApi.getParticipationsCountersByEventExternalId(
        ACCOUNT,
        'ev-1',
      );

    expect(counters).toEqual(
      expect.objectContaining({ attended: 1, registered: 1, cancelled: 1, noShows: 0 }),
    );
  });

  it('counters turn registered contacts into no-shows after the event ends', async () => {
    const [ada, grace] = contactIds as [string, string];
    await record('register', [ada, grace]);
    await record('attend', [ada]);
    harness.clock.set('2026-06-10T11:00:01.000Z');

    const counters = await harness.call('GET', `${BASE}/participations/${objectId}`);

    expect(counters.body).toEqual({ attended: 1, registered: 0, cancelled: 0, noShows: 1 });
  });

  it('counters by external ids return 404 to another app', async () => {
    const response = await harness.call('GET', `${BASE}/participations/${ACCOUNT}/ev-1`, {
      token: OTHER_APP_TOKEN,
    });

    expect(response.status).toBe(404);
  });

  it('counters by objectId work for another app', async () => {
    await record('register', [contactIds[0] as string]);

    const counters = await harness
      .client(OTHER_APP_TOKEN)
      .marketing.events.retrieveParticipantStateApi.getParticipationsCountersByMarketingEventId(
        Number(objectId),
      );

    expect(counters.registered).toBe(1);
  });

  it('event read shows the same counters', async () => {
    await record('register', contactIds.slice(0, 2));

    const event = await harness.client().marketing.events.basicApi.getDetails('ev-1', ACCOUNT);

    expect(event.registrants).toBe(2);
  });
});

describe('participation breakdown', () => {
  it('breakdown returns the documented item shape', async () => {
    const [ada] = contactIds as [string];
    await record('attend', [ada], {
      joinedAt: '2026-06-10T09:00:00.000Z',
      leftAt: '2026-06-10T10:00:00.000Z',
    });

    const response = await harness.call('GET', `${BASE}/participations/${ACCOUNT}/ev-1/breakdown`);

    expect(response.status).toBe(200);
    expect(response.body.total).toBe(1);
    expect(response.body.paging).toBeUndefined();
    expect(response.body.results[0]).toEqual({
      id: expect.any(String),
      createdAt: '2026-06-01T12:00:00.000Z',
      properties: {
        occurredAt: T1,
        attendanceState: 'ATTENDED',
        attendanceDurationSeconds: 3600,
        attendancePercentage: '50',
      },
      associations: {
        marketingEvent: {
          marketingEventId: objectId,
          externalEventId: 'ev-1',
          externalAccountId: ACCOUNT,
          name: 'Event ev-1',
        },
        contact: { contactId: ada, email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace' },
      },
    });
  });

  it('breakdown filters by state', async () => {
    const [ada, grace, alan] = contactIds as [string, string, string];
    await record('register', [ada, grace, alan]);
    await record('cancel', [grace]);

    const response = await harness
      .client()
      .marketing.events.retrieveParticipantStateApi.getParticipationsBreakdownByExternalEventId(
        ACCOUNT,
        'ev-1',
        undefined,
        'REGISTERED',
      );

    expect(response.total).toBe(2);
    expect(response.results.map((item) => item.associations.contact.contactId).sort()).toEqual(
      [ada, alan].sort(),
    );
  });

  it('breakdown filters NO_SHOW after the event ends', async () => {
    const [ada, grace] = contactIds as [string, string];
    await record('register', [ada, grace]);
    await record('attend', [grace]);
    harness.clock.set('2026-06-11T00:00:00.000Z');

    const response = await harness.call('GET', `${BASE}/participations/${objectId}/breakdown?state=NO_SHOW`);

    expect(response.body.total).toBe(1);
    expect(response.body.results[0].associations.contact.contactId).toBe(ada);
    expect(response.body.results[0].properties.attendanceState).toBe('NO_SHOW');
  });

  it('breakdown filters by contact email or id', async () => {
    const [ada, grace] = contactIds as [string, string];
    await record('register', [ada, grace]);

    const byEmail = await harness.call(
      'GET',
      `${BASE}/participations/${objectId}/breakdown?contactIdentifier=GRACE@example.com`,
    );
    const byId = await harness.call(
      'GET',
      `${BASE}/participations/${objectId}/breakdown?contactIdentifier=${ada}`,
    );

    expect(
      byEmail.body.results.map(
        (item: { associations: { contact: { contactId: string } } }) => item.associations.contact.contactId,
      ),
    ).toEqual([grace]);
    expect(byId.body.total).toBe(1);
    expect(byId.body.results[0].associations.contact.contactId).toBe(ada);
  });

  it('breakdown pages with limit and after', async () => {
    await record('register', contactIds);
    const path = `${BASE}/participations/${objectId}/breakdown`;

    const first = await harness.call('GET', `${path}?limit=3`);
    const second = await harness.call('GET', `${path}?limit=3&after=${first.body.paging.next.after}`);

    expect(first.body.total).toBe(4);
    expect(first.body.results).toHaveLength(3);
    expect(second.body.results).toHaveLength(1);
    expect(second.body.paging).toBeUndefined();
    const seen = [...first.body.results, ...second.body.results].map((item: { id: string }) => item.id);
    expect(new Set(seen).size).toBe(4);
  });

  it('breakdown defaults to 10 results', async () => {
    const many = addContacts(
      harness,
      Array.from({ length: 12 }, (_, index) => ({ email: `guest${index}@example.com` })),
    );
    await record('register', many);

    const response = await harness.call('GET', `${BASE}/participations/${objectId}/breakdown`);

    expect(response.body.results).toHaveLength(10);
    expect(response.body.total).toBe(12);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['state=MAYBE', 'state'],
  ])('breakdown rejects %s', async (query, field) => {
    const response = await harness.call('GET', `${BASE}/participations/${objectId}/breakdown?${query}`);

    expect(response.status).toBe(400);
    expect(response.body.message).toContain(field);
  });

  it('breakdown by contact spans events', async () => {
    const [ada] = contactIds as [string];
    await createEvent(harness, 'ev-2');
    await record('register', [ada]);
    await harness.call('POST', `${BASE}/attendance/ev-2/attend/create?externalAccountId=${ACCOUNT}`, {
      body: { inputs: [{ vid: Number(ada), interactionDateTime: T1 }] },
    });

    const response = await harness
      .client()
      .marketing.events.retrieveParticipantStateApi.getParticipationsBreakdownByContactId('ada@example.com');

    expect(response.total).toBe(2);
    expect(response.results.map((item) => item.associations.marketingEvent.externalEventId).sort()).toEqual([
      'ev-1',
      'ev-2',
    ]);
  });
});

describe('marketing event lookup', () => {
  it('search returns only the caller’s events', async () => {
    await harness.call('POST', `${BASE}/events`, { token: OTHER_APP_TOKEN, body: eventInput('ev-1') });

    const response = await harness.client().marketing.events.identifiersApi.doSearch('ev-1');

    expect(response.results).toEqual([
      expect.objectContaining({ externalAccountId: ACCOUNT, externalEventId: 'ev-1', appId: 1, objectId }),
    ]);
  });

  it('identifiers hide events younger than the configured delay', async () => {
    const response = await harness.client().marketing.events.identifiersApi.searchPortalEvents('ev-1');

    expect(response.total).toBe(0);
  });

  it('identifiers list every app’s events after the delay', async () => {
    await harness.call('POST', `${BASE}/events`, { token: OTHER_APP_TOKEN, body: eventInput('ev-1') });
    harness.clock.advance(3 * 60 * 1000);

    const response = await harness.client().marketing.events.identifiersApi.searchPortalEvents('ev-1');

    expect(response.total).toBe(2);
    expect(response.results.map((item) => item.appInfo?.id).sort()).toEqual(['1', '2']);
    expect(response.results[0]?.marketingEventName).toBe('Event ev-1');
  });

  it('identifiers list events at once when the delay is 0', async () => {
    await harness.close();
    harness = await startMarketingSandbox({ identifiersDelayMs: 0 });
    await createEvent(harness, 'ev-1');

    const response = await harness.call('GET', `${BASE}/ev-1/identifiers`);

    expect(response.body.total).toBe(1);
  });
});
