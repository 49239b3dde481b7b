import { describe, expect, it } from 'vitest';

import { SinkError } from '../src/errors.js';
import { applied, deadLetter, park, retry, skipped, type RecordOutcome } from '../src/outcomes.js';
import { sumOutcomes, type CountedOutcome } from '../src/stats.js';

const now = new Date('2025-03-02T12:00:00Z');

function item(outcome: RecordOutcome, overrides: Partial<CountedOutcome> = {}): CountedOutcome {
  return { accountId: 'acc-1', eventId: 'evt-1', tier: 0, replayed: false, outcome, ...overrides };
}

function deltaOf(items: CountedOutcome[]) {
  return [...sumOutcomes(items, now, 3).values()].map((entry) => entry.delta);
}

describe('sumOutcomes', () => {
  it('sums outcomes per account and event', () => {
    const error = new SinkError('MARKETING_SINK_ERR_INVALID_EMAIL', 'Invalid contact.email "x"');
    const sums = sumOutcomes(
      [
        item(applied()),
        item(applied()),
        item(skipped('stale-version')),
        item(deadLetter('invalid-input', error)),
        item(retry(new Error('timeout')), { eventId: 'evt-2' }),
        item(park('acc-1', 'connection-unhealthy', new Error('401')), { eventId: 'evt-2' }),
        item(skipped('no-connection'), { accountId: 'acc-9', eventId: 'evt-9' }),
      ],
      now,
      3,
    );

    expect([...sums.values()]).toEqual([
      {
        accountId: 'acc-1',
        eventId: 'evt-1',
        delta: {
          applied: 2,
          skippedByReason: { 'stale-version': 1 },
          retrying: 0,
          deadLettered: 1,
          parked: 0,
          lastSuccessAt: now,
          lastError: {
            code: 'MARKETING_SINK_ERR_INVALID_EMAIL',
            message: 'Invalid contact.email "x"',
            at: now,
          },
        },
      },
      {
        accountId: 'acc-1',
        eventId: 'evt-2',
        delta: {
          applied: 0,
          skippedByReason: {},
          retrying: 1,
          deadLettered: 0,
          parked: 1,
          lastSuccessAt: undefined,
          lastError: { code: 'Error', message: '401', at: now },
        },
      },
    ]);
  });

  it('counts a retried record as waiting until it leaves the tiers', () => {
    const [fromRetry] = deltaOf([item(applied(), { tier: 2 })]);
    expect(fromRetry?.retrying).toBe(-1);
    expect(fromRetry?.applied).toBe(1);

    const [stillRetrying] = deltaOf([item(retry(new Error('503')), { tier: 1 })]);
    expect(stillRetrying?.retrying).toBe(0);

    const [exhausted] = deltaOf([item(retry(new Error('503')), { tier: 3 })]);
    expect(exhausted?.retrying).toBe(-1);
    expect(exhausted?.deadLettered).toBe(1);
  });

  it('counts a replayed record as leaving the parked ones', () => {
    const [replayed] = deltaOf([item(applied(), { tier: 1, replayed: true })]);
    expect(replayed?.parked).toBe(-1);
    expect(replayed?.retrying).toBe(0);

    const [parkedAgain] = deltaOf([
      item(park('acc-1', 'connection-unhealthy', new Error('401')), { tier: 1, replayed: true }),
    ]);
    expect(parkedAgain?.parked).toBe(0);
  });
});
