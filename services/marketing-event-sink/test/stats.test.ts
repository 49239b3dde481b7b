import { describe, expect, it } from 'vitest';

import { SinkError } from '../src/errors.js';
import { applied, deadLetter, park, retry, skipped } from '../src/outcomes.js';
import { sumOutcomes } from '../src/stats.js';

describe('sumOutcomes', () => {
  it('sums outcomes per account and event', () => {
    const now = new Date('2025-03-02T12:00:00Z');
    const error = new SinkError('MARKETING_SINK_ERR_INVALID_EMAIL', 'Invalid contact.email "x"');
    const sums = sumOutcomes(
      [
        { accountId: 'acc-1', eventId: 'evt-1', outcome: applied() },
        { accountId: 'acc-1', eventId: 'evt-1', outcome: applied() },
        { accountId: 'acc-1', eventId: 'evt-1', outcome: skipped('stale-version') },
        { accountId: 'acc-1', eventId: 'evt-1', outcome: deadLetter('invalid-input', error) },
        { accountId: 'acc-1', eventId: 'evt-2', outcome: retry(new Error('timeout')) },
        {
          accountId: 'acc-1',
          eventId: 'evt-2',
          outcome: park('acc-1', 'connection-unhealthy', new Error('401')),
        },
        { accountId: 'acc-9', eventId: 'evt-9', outcome: skipped('no-connection') },
      ],
      now,
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
});
