import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  OTHER_APP_TOKEN,
  PORTAL_ID,
  addContacts,
  createEvent,
  sdkRejection,
  startMarketingSandbox,
  type MarketingSandbox,
} from './marketing-events-helpers.js';

const BASE = '/marketing/v3/marketing-events';
const ACCOUNT = 'oniva-account-1';
const T1 = Date.parse('2026-06-01T10:00:00.000Z');
const T2 = Date.parse('2026-06-01T11:00:00.000Z');

let harness: MarketingSandbox;
let objectId: string;
let adaId: string;

function attendancePath(state: string, kind: 'create' | 'email-create' = 'create'): string {
  return `${BASE}/attendance/ev-1/${state}/${kind}?externalAccountId=${ACCOUNT}`;
}

function counters() {
  return harness
    .client()
    .marketing.events.retrieveParticipantStateApi.getParticipationsCountersByEventExternalId(ACCOUNT, 'ev-1');
}

beforeEach(async () => {
  harness = await startMarketingSandbox();
  objectId = await createEvent(harness, 'ev-1', {
    startDateTime: '2026-06-10T09:00:00.000Z',
    endDateTime: '2026-06-10T11:00:00.000Z',
  });
  [adaId] = addContacts(harness, [{ email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace' }]) as [
    string,
  ];
});

afterEach(async () => {
  await harness.close();
});

describe('attendance by contact id', () => {
  it.each(['register', 'REGISTERED', 'Registered', 'attend', 'ATTENDED', 'cancel', 'CANCELLED'])(
    'attendance accepts subscriberState %s',
    async (state) => {
      const response = await harness.call('POST', attendancePath(state), {
        body: { inputs: [{ vid: Number(adaId), interactionDateTime: T1 }] },
      });

      expect(response.status).toBe(200);
      expect(response.body.results).toEqual([{ vid: Number(adaId) }]);
    },
  );

  it('attendance rejects an unknown subscriberState with the allowed values', async () => {
    const response = await harness.call('POST', attendancePath('joined'), {
      body: { inputs: [{ vid: Number(adaId), interactionDateTime: T1 }] },
    });

    expect(response.status).toBe(400);
    expect(response.body.category).toBe('VALIDATION_ERROR');
    for (const allowed of ['register', 'attend', 'cancel', 'REGISTERED', 'ATTENDED', 'CANCELLED']) {
      expect(response.body.message).toContain(allowed);
    }
  });

  it('attendance requires externalAccountId', async () => {
    const response = await harness.call('POST', `${BASE}/attendance/ev-1/register/create`, {
      body: { inputs: [{ vid: Number(adaId), interactionDateTime: T1 }] },
    });

    expect(response.status).toBe(400);
    expect(response.body.message).toContain('externalAccountId');
  });

  it.each([
    ['vid as a string', { vid: 'abc', interactionDateTime: T1 }, 'vid'],
    ['vid as a fraction', { vid: 1.5, interactionDateTime: T1 }, 'vid'],
    [
      'interactionDateTime as ISO text',
      { vid: 1, interactionDateTime: '2026-06-01T10:00:00Z' },
      'interactionDateTime',
    ],
    ['interactionDateTime as a fraction', { vid: 1, interactionDateTime: 1.5 }, 'interactionDateTime'],
    ['no interactionDateTime', { vid: 1 }, 'interactionDateTime'],
  ])('attendance rejects %s', async (_case, input, field) => {
    const response = await harness.call('POST', attendancePath('register'), { body: { inputs: [input] } });

    expect(response.status).toBe(400);
    expect(response.body.message).toContain(field);
  });

  it('attendance rejects properties for a state other than attend', async () => {
    const response = await harness.call('POST', attendancePath('register'), {
      body: {
        inputs: [
          {
            vid: Number(adaId),
            interactionDateTime: T1,
            properties: { joinedAt: '2026-06-10T09:00:00.000Z' },
          },
        ],
      },
    });

    expect(response.status).toBe(400);
    expect(response.body.message).toContain('properties');
  });

  it('attendance rejects a property other than joinedAt and leftAt', async () => {
    const response = await harness.call('POST', attendancePath('attend'), {
      body: { inputs: [{ vid: Number(adaId), interactionDateTime: T1, properties: { seat: '12' } }] },
    });

    expect(response.status).toBe(400);
  });

  it('attendance rejects more than 100 inputs', async () => {
    const inputs = Array.from({ length: 101 }, (_, index) => ({ vid: index + 1, interactionDateTime: T1 }));

    const response = await harness.call('POST', attendancePath('register'), { body: { inputs } });

    expect(response.status).toBe(400);
  });

  it('attendance returns 404 for an unknown event', async () => {
    const error = await sdkRejection(
      harness
        .client()
        .marketing.events.addEventAttendeesApi.recordByContactIds(
          'no-such-event',
          'register',
          { inputs: [{ vid: Number(adaId), interactionDateTime: T1 }] },
          ACCOUNT,
        ),
    );

    expect(error.code).toBe(404);
  });

  it('attendance returns 404 to another app using external ids', async () => {
    const response = await harness.call('POST', attendancePath('register'), {
      token: OTHER_APP_TOKEN,
      body: { inputs: [{ vid: Number(adaId), interactionDateTime: T1 }] },
    });

    expect(response.status).toBe(404);
  });

  it('attendance reports an unknown vid as a per-input error', async () => {
    const response = await harness.client().marketing.events.addEventAttendeesApi.recordByContactIds(
      'ev-1',
      'register',
      {
        inputs: [
          { vid: Number(adaId), interactionDateTime: T1 },
          { vid: 999_999, interactionDateTime: T1 },
        ],
      },
      ACCOUNT,
    );

    expect(response.results).toHaveLength(1);
    expect(response.numErrors).toBe(1);
    expect(response.errors?.[0]?.category).toBe('OBJECT_NOT_FOUND');
    expect(response.errors?.[0]?.context['vids']).toEqual(['999999']);
  });

  it('attendance sends 207 for per-input errors when configured', async () => {
    await harness.close();
    harness = await startMarketingSandbox({ attendancePartialFailureStatus: 207 });
    await createEvent(harness, 'ev-1');

    const response = await harness.call('POST', attendancePath('register'), {
      body: { inputs: [{ vid: 999_999, interactionDateTime: T1 }] },
    });

    expect(response.status).toBe(207);
    expect(response.body.numErrors).toBe(1);
  });

  it('attendance by objectId works for another app', async () => {
    const response = await harness
      .client(OTHER_APP_TOKEN)
      .marketing.events.addEventAttendeesApi.recordByContactId(objectId, 'attend', {
        inputs: [{ vid: Number(adaId), interactionDateTime: T1 }],
      });

    expect(response.results).toEqual([expect.objectContaining({ vid: Number(adaId) })]);
    expect((await counters()).attended).toBe(1);
  });
});

describe('attendance state history', () => {
  async function record(state: string, interactionDateTime: number) {
    const response = await harness.call('POST', attendancePath(state), {
      body: { inputs: [{ vid: Number(adaId), interactionDateTime }] },
    });
    expect(response.status).toBe(200);
  }

  it('attendance changes nothing when a call is repeated', async () => {
    await record('register', T1);
    await record('register', T1);

    const breakdown = await harness.call('GET', `${BASE}/participations/${objectId}/breakdown`);

    expect(breakdown.body.total).toBe(1);
    expect((await counters()).registered).toBe(1);
  });

  it('attendance current state follows the latest interactionDateTime', async () => {
    await record('cancel', T2);
    await record('register', T1);

    const current = await counters();

    expect(current.cancelled).toBe(1);
    expect(current.registered).toBe(0);
  });

  it('attendance keeps the first state recorded for equal times', async () => {
    await record('register', T1);
    await record('cancel', T1);

    const current = await counters();

    expect(current.registered).toBe(1);
    expect(current.cancelled).toBe(0);
  });

  it('attendance re-registration after cancel counts once', async () => {
    await record('register', T1);
    await record('cancel', T2);
    await record('register', T2 + 1000);

    const current = await counters();

    expect(current).toEqual({ attended: 0, registered: 1, cancelled: 0, noShows: 0 });
  });
});

describe('attendance by email', () => {
  it('email-create creates a missing contact with its properties', async () => {
    const response = await harness.client().marketing.events.addEventAttendeesApi.recordByContactEmails(
      'ev-1',
      'register',
      {
        inputs: [
          {
            email: 'Grace@Example.com',
            interactionDateTime: T1,
            contactProperties: { firstname: 'Grace' },
          },
        ],
      },
      ACCOUNT,
    );
    const contact = harness.sandbox.admin.contactByEmail(PORTAL_ID, 'grace@example.com');

    expect(response.results[0]?.email).toBe('grace@example.com');
    expect(String(response.results[0]?.vid)).toBe(contact?.id);
    expect(contact?.properties['email']).toBe('grace@example.com');
    expect(contact?.properties['firstname']).toBe('Grace');
  });

  it('email-create leaves an existing contact’s properties unchanged', async () => {
    const response = await harness.call('POST', attendancePath('register', 'email-create'), {
      body: {
        inputs: [
          { email: 'ADA@example.com', interactionDateTime: T1, contactProperties: { firstname: 'Changed' } },
        ],
      },
    });
    const contact = harness.sandbox.admin.contact(PORTAL_ID, adaId);

    expect(response.body.results).toEqual([{ vid: Number(adaId), email: 'ada@example.com' }]);
    expect(contact.properties['firstname']).toBe('Ada');
  });

  it('email-create reports an invalid email as a per-input error', async () => {
    const response = await harness.call('POST', attendancePath('register', 'email-create'), {
      body: {
        inputs: [
          { email: 'not-an-email', interactionDateTime: T1 },
          { email: 'ada@example.com', interactionDateTime: T1 },
        ],
      },
    });

    expect(response.status).toBe(200);
    expect(response.body.results).toHaveLength(1);
    expect(response.body.numErrors).toBe(1);
    expect(response.body.errors[0].errors[0].code).toBe('INVALID_EMAIL');
    expect(response.body.errors[0].context.emails).toEqual(['not-an-email']);
  });

  it('email-create reports an unknown contact property as a per-input error', async () => {
    const response = await harness.call('POST', attendancePath('register', 'email-create'), {
      body: {
        inputs: [
          { email: 'new@example.com', interactionDateTime: T1, contactProperties: { shoe_size: '42' } },
        ],
      },
    });

    expect(response.body.numErrors).toBe(1);
    expect(response.body.errors[0].errors[0].code).toBe('PROPERTY_DOESNT_EXIST');
    expect(harness.sandbox.admin.contactByEmail(PORTAL_ID, 'new@example.com')).toBeUndefined();
  });

  it('email-create accepts joinedAt and leftAt for attend', async () => {
    const response = await harness
      .client()
      .marketing.events.addEventAttendeesApi.recordByEmail(objectId, 'attend', {
        inputs: [
          {
            email: 'ada@example.com',
            interactionDateTime: T1,
            properties: { joinedAt: '2026-06-10T09:00:00.000Z', leftAt: '2026-06-10T10:00:00.000Z' },
          },
        ],
      });

    expect(response.results).toHaveLength(1);
    expect((await counters()).attended).toBe(1);
  });
});

describe('legacy attendance upsert', () => {
  it('upsert by contact id returns 204 and records the state', async () => {
    const response = await harness.call(
      'POST',
      `${BASE}/events/ev-1/register/upsert?externalAccountId=${ACCOUNT}`,
      {
        body: { inputs: [{ vid: Number(adaId), interactionDateTime: T1 }] },
      },
    );

    expect(response.status).toBe(204);
    expect((await counters()).registered).toBe(1);
  });

  it('email-upsert never creates a contact', async () => {
    const response = await harness.call(
      'POST',
      `${BASE}/events/ev-1/register/email-upsert?externalAccountId=${ACCOUNT}`,
      {
        body: { inputs: [{ email: 'nobody@example.com', interactionDateTime: T1 }] },
      },
    );

    expect(response.status).toBe(204);
    expect(harness.sandbox.admin.contactByEmail(PORTAL_ID, 'nobody@example.com')).toBeUndefined();
    expect((await counters()).registered).toBe(0);
  });

  // SDK 14's subscriberStateChangesApi checks the catch-all status before 2xx, so it rejects
  // every response of these endpoints, including a successful 204.
  it('SDK upsertByContactId rejects although the call succeeded', async () => {
    const error = await sdkRejection(
      harness
        .client()
        .marketing.events.subscriberStateChangesApi.upsertByContactId('ev-1', 'register', ACCOUNT, {
          inputs: [{ vid: Number(adaId), interactionDateTime: T1 }],
        }),
    );

    expect(error).toBeInstanceOf(Error);
    expect((await counters()).registered).toBe(1);
  });
});
