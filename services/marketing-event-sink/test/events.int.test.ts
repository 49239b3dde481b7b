import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ACCOUNT_ID, eventRecord, eventSnapshot, Harness, waitFor } from './helpers/harness.js';

describe('marketing events', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await Harness.create({ partitions: 1 });
    await harness.seedConnection();
    await harness.activate(['evt-life']);
    await harness.startSink();
  });

  afterAll(async () => {
    await harness?.close();
  });

  const ledgerVersion = async (eventId: string) =>
    (await harness.models.SyncLedgerEntry.findOne({ kind: 'event', eventId }).lean())?.version;

  it('creates, updates, cancels and completes one event per Oniva event', async () => {
    await harness.produceEvents([
      eventRecord({
        eventId: 'evt-life',
        version: 1,
        event: {
          ...eventSnapshot('evt-life'),
          name: 'Spring webinar',
          startsAt: '2030-04-10T19:00:00+02:00',
          organizer: 'Ada Events',
        },
      }),
    ]);
    await waitFor(async () => (await ledgerVersion('evt-life')) === 1, 'version 1 is applied');
    const created = await harness.marketingEvent('evt-life');
    expect(created).toMatchObject({
      externalEventId: 'evt-life',
      eventName: 'Spring webinar',
      eventOrganizer: 'Ada Events',
      eventCancelled: false,
      eventCompleted: false,
    });
    expect(Date.parse(created?.['startDateTime'] as string)).toBe(Date.parse('2030-04-10T17:00:00Z'));
    const mapping = await harness.models.MarketingEventMapping.findOne({
      accountId: ACCOUNT_ID,
      eventId: 'evt-life',
    }).lean();
    expect(mapping).toMatchObject({
      objectId: created?.['objectId'],
      lastAppliedVersion: 1,
      state: 'active',
      portalId: 4242,
      appId: 77,
    });

    await harness.produceEvents([
      eventRecord({
        eventId: 'evt-life',
        type: 'event.updated',
        version: 2,
        event: { ...eventSnapshot('evt-life'), name: 'Spring webinar 2' },
      }),
      eventRecord({
        eventId: 'evt-life',
        type: 'event.created',
        version: 1,
        event: { ...eventSnapshot('evt-life'), name: 'Stale name' },
      }),
    ]);
    await waitFor(async () => (await ledgerVersion('evt-life')) === 2, 'version 2 is applied');
    expect((await harness.marketingEvent('evt-life'))?.['eventName']).toBe('Spring webinar 2');

    await harness.produceEvents([eventRecord({ eventId: 'evt-life', type: 'event.cancelled', version: 3 })]);
    await waitFor(async () => (await ledgerVersion('evt-life')) === 3, 'version 3 is applied');
    expect((await harness.marketingEvent('evt-life'))?.['eventCancelled']).toBe(true);

    await harness.produceEvents([
      eventRecord({
        eventId: 'evt-life',
        type: 'event.updated',
        version: 4,
        event: { ...eventSnapshot('evt-life'), name: 'Spring webinar (cancelled)' },
      }),
    ]);
    await waitFor(async () => (await ledgerVersion('evt-life')) === 4, 'version 4 is applied');
    const updated = await harness.marketingEvent('evt-life');
    expect(updated?.['eventName']).toBe('Spring webinar (cancelled)');
    expect(updated?.['eventCancelled']).toBe(true);

    await harness.produceEvents([
      eventRecord({
        eventId: 'evt-life',
        type: 'event.completed',
        version: 5,
        event: {
          ...eventSnapshot('evt-life'),
          startsAt: '2030-04-10T17:05:00Z',
          endsAt: '2030-04-10T18:30:00Z',
        },
      }),
    ]);
    await waitFor(async () => (await ledgerVersion('evt-life')) === 5, 'version 5 is applied');
    const completed = await harness.marketingEvent('evt-life');
    expect(completed?.['eventCompleted']).toBe(true);
    expect(Date.parse(completed?.['endDateTime'] as string)).toBe(Date.parse('2030-04-10T18:30:00Z'));
    expect(await harness.marketingEventCount('evt-life')).toBe(1);
  });
});
