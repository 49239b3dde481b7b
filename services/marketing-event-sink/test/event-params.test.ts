import { describe, expect, it } from 'vitest';

import {
  buildEventParams,
  type EventParamsResult,
  type MarketingEventParams,
} from '../src/events/event-params.js';
import { nextLifecycleState } from '../src/events/lifecycle.js';

const event = {
  id: 'evt-200',
  name: 'Spring webinar',
  startsAt: '2025-04-10T17:00:00Z',
  endsAt: '2025-04-10T18:00:00Z',
  url: 'https://example.test/e/200',
  description: 'An hour on spring topics',
};

/** Returns the params of a successful result and fails the test otherwise. */
function paramsOf(result: EventParamsResult): MarketingEventParams {
  if (!result.ok) {
    throw new Error(`expected params, got problem: ${result.problem}`);
  }
  return result.params;
}

describe('buildEventParams', () => {
  it('names the event by Oniva account and event id', () => {
    const result = buildEventParams({
      accountId: 'acc-1',
      event,
      defaultOrganizer: 'Oniva',
      state: 'active',
    });
    expect(result).toEqual({
      ok: true,
      params: {
        externalAccountId: 'acc-1',
        externalEventId: 'evt-200',
        eventName: 'Spring webinar',
        eventOrganizer: 'Oniva',
        startDateTime: new Date('2025-04-10T17:00:00Z'),
        endDateTime: new Date('2025-04-10T18:00:00Z'),
        eventUrl: 'https://example.test/e/200',
        eventDescription: 'An hour on spring topics',
        eventCancelled: false,
        eventCompleted: false,
      },
    });
  });

  it('uses the snapshot organizer when present', () => {
    const result = buildEventParams({
      accountId: 'acc-1',
      event: { ...event, organizer: ' Ada Events ' },
      defaultOrganizer: 'Oniva',
      state: 'active',
    });
    expect(paramsOf(result).eventOrganizer).toBe('Ada Events');
  });

  it('sets the flag of a cancelled or completed event', () => {
    const cancelled = buildEventParams({
      accountId: 'acc-1',
      event,
      defaultOrganizer: 'Oniva',
      state: 'cancelled',
    });
    const completed = buildEventParams({
      accountId: 'acc-1',
      event,
      defaultOrganizer: 'Oniva',
      state: 'completed',
    });
    expect([paramsOf(cancelled).eventCancelled, paramsOf(cancelled).eventCompleted]).toEqual([true, false]);
    expect([paramsOf(completed).eventCancelled, paramsOf(completed).eventCompleted]).toEqual([false, true]);
  });

  it('fails without usable times', () => {
    const result = buildEventParams({
      accountId: 'acc-1',
      event: { id: 'evt-200', name: 'No times' },
      defaultOrganizer: 'Oniva',
      state: 'active',
    });
    expect(result).toEqual({ ok: false, problem: 'Event evt-200: startsAt is missing' });
  });
});

describe('nextLifecycleState', () => {
  it('keeps cancelled and completed events closed', () => {
    expect(nextLifecycleState('active', 'event.updated')).toBe('active');
    expect(nextLifecycleState('active', 'event.cancelled')).toBe('cancelled');
    expect(nextLifecycleState('cancelled', 'event.updated')).toBe('cancelled');
    expect(nextLifecycleState('cancelled', 'event.created')).toBe('cancelled');
    expect(nextLifecycleState('active', 'event.completed')).toBe('completed');
    expect(nextLifecycleState('completed', 'event.updated')).toBe('completed');
  });
});
