import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ACCOUNT_ID, booking, Harness, waitFor, WORKSPACE_ID } from './helpers/harness.js';

describe('config changes', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await Harness.create({ partitions: 2 });
    await harness.seedConnection();
    await harness.activate([]);
    // Two replicas, each owning one partition, each with its own cache.
    await harness.startSink();
    await harness.startSink();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('drops cached activations in every replica at once', async () => {
    const send = (email: string) =>
      harness.produce(
        harness.topics.bookings,
        [0, 1].map((partition) => ({
          key: `evt-cfg-${partition}`,
          partition,
          value: booking({ eventId: `evt-cfg-${partition}`, email: `${email}-${partition}@example.test` }),
        })),
      );
    await send('before');
    const stats = (eventId: string) =>
      harness.models.SyncStats.findOne({ accountId: ACCOUNT_ID, eventId }).lean();
    await waitFor(
      async () => (await stats('evt-cfg-0')) !== null && (await stats('evt-cfg-1')) !== null,
      'both replicas skipped a booking',
    );
    expect((await stats('evt-cfg-0'))?.skippedByReason).toEqual({ 'event-not-activated': 1 });
    expect((await stats('evt-cfg-1'))?.skippedByReason).toEqual({ 'event-not-activated': 1 });

    // Both replicas cached "not activated" for 30 s; the config change must end that at once.
    for (const eventId of ['evt-cfg-0', 'evt-cfg-1']) {
      await harness.models.Activation.create({
        accountId: ACCOUNT_ID,
        workspaceId: WORKSPACE_ID,
        eventId,
        level: 'event',
        activatedAt: new Date('2025-01-01T00:00:00Z'),
        deactivatedAt: null,
      });
    }
    await harness.announce(ACCOUNT_ID, 'activation.changed');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await send('after');

    await waitFor(
      async () =>
        (await harness.participations('evt-cfg-0')).size === 1 &&
        (await harness.participations('evt-cfg-1')).size === 1,
      'both bookings made after the change arrived',
      10_000,
    );
    expect([...(await harness.participations('evt-cfg-0')).keys()]).toEqual(['after-0@example.test']);
    expect([...(await harness.participations('evt-cfg-1')).keys()]).toEqual(['after-1@example.test']);
  });
});
