import { describe, expect, it } from 'vitest';

import { OutageTracker } from '../src/runtime/outage.js';

const partition = { topic: 'oniva.bookings.v1', partition: 0 };

describe('OutageTracker', () => {
  it('doubles the backoff up to the maximum', () => {
    const tracker = new OutageTracker({ initialMs: 100, maxMs: 500, maxOutageMs: 10_000 });
    const backoffs = [0, 1, 2, 3, 4].map(() => tracker.recordFailure(partition, 1_000).backoffMs);
    expect(backoffs).toEqual([100, 200, 400, 500, 500]);
  });

  it('reports an outage longer than maxOutageMs', () => {
    const tracker = new OutageTracker({ initialMs: 100, maxMs: 500, maxOutageMs: 10_000 });
    expect(tracker.recordFailure(partition, 0).exceeded).toBe(false);
    expect(tracker.recordFailure(partition, 10_000).exceeded).toBe(false);
    expect(tracker.recordFailure(partition, 10_001)).toMatchObject({ outageMs: 10_001, exceeded: true });
  });

  it('starts over after a success', () => {
    const tracker = new OutageTracker({ initialMs: 100, maxMs: 500, maxOutageMs: 10_000 });
    tracker.recordFailure(partition, 0);
    tracker.recordFailure(partition, 5_000);
    tracker.recordSuccess(partition);
    expect(tracker.recordFailure(partition, 20_000)).toEqual({
      backoffMs: 100,
      outageMs: 0,
      exceeded: false,
    });
  });

  it('tracks partitions separately', () => {
    const tracker = new OutageTracker({ initialMs: 100, maxMs: 500, maxOutageMs: 10_000 });
    tracker.recordFailure(partition, 0);
    const other = tracker.recordFailure({ topic: 'oniva.bookings.v1', partition: 1 }, 20_000);
    expect(other).toEqual({ backoffMs: 100, outageMs: 0, exceeded: false });
  });
});
