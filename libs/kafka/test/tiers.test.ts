import { describe, expect, it } from 'vitest';

import { TierLayout } from '../src/index.js';

const layout = new TierLayout('oniva.bookings.v1', [5_000, 60_000, 600_000]);

describe('TierLayout', () => {
  it('names retry and dead-letter topics after the source', () => {
    expect(layout.retryTopics).toEqual([
      'oniva.bookings.v1.retry.1',
      'oniva.bookings.v1.retry.2',
      'oniva.bookings.v1.retry.3',
    ]);
    expect(layout.deadLetterTopic).toBe('oniva.bookings.v1.dlq');
    expect(layout.consumedTopics).toEqual(['oniva.bookings.v1', ...layout.retryTopics]);
  });

  it('tierOf maps consumed topics to tiers', () => {
    expect(layout.tierOf('oniva.bookings.v1')).toBe(0);
    expect(layout.tierOf('oniva.bookings.v1.retry.2')).toBe(2);
    expect(() => layout.tierOf('oniva.links.v1')).toThrow(/neither/);
  });

  it.each([
    { current: 0, retryAfterMs: undefined, expected: 1 },
    { current: 2, retryAfterMs: undefined, expected: 3 },
    { current: 3, retryAfterMs: undefined, expected: null },
    { current: 0, retryAfterMs: 30_000, expected: 2 },
    { current: 0, retryAfterMs: 3_600_000, expected: 3 },
    { current: 0, retryAfterMs: -5, expected: 1 },
    { current: 0, retryAfterMs: Number.NaN, expected: 1 },
    { current: 3, retryAfterMs: 1_000, expected: null },
  ])(
    'nextTier from $current with retryAfterMs $retryAfterMs is $expected',
    ({ current, retryAfterMs, expected }) => {
      expect(layout.nextTier(current, retryAfterMs)).toBe(expected);
    },
  );

  it('retryDelay honours retryAfterMs up to the longest tier delay', () => {
    expect(layout.retryDelay(1, undefined)).toBe(5_000);
    expect(layout.retryDelay(1, 2_000)).toBe(5_000);
    expect(layout.retryDelay(3, 7_200_000)).toBe(600_000);
    expect(layout.retryDelay(2, 90_000)).toBe(90_000);
  });
});
