import type { EventSnapshot } from '@oniva-hubspot/contracts';

import { SinkError } from '../errors.js';
import { resolveEventTimes } from './event-times.js';

/** Lifecycle state of a marketing event as the sink last wrote it. */
export type MarketingEventState = 'active' | 'cancelled' | 'completed';

/** Fields of a marketing event upsert by external ids. */
export interface MarketingEventParams {
  /** Oniva account id. */
  externalAccountId: string;
  /** Oniva event id. */
  externalEventId: string;
  eventName: string;
  eventOrganizer: string;
  startDateTime: Date;
  endDateTime: Date;
  eventUrl?: string;
  eventDescription?: string;
  eventCancelled: boolean;
  eventCompleted: boolean;
}

/** Result of `buildEventParams`. */
export type EventParamsResult = { ok: true; params: MarketingEventParams } | { ok: false; problem: string };

/** Input of `buildEventParams`. */
export interface EventParamsInput {
  accountId: string;
  /** Event snapshot; its fields are read defensively because bookings carry older snapshots too. */
  event: Pick<EventSnapshot, 'id' | 'name'> & Partial<EventSnapshot>;
  /** HubSpot requires an organizer; used when the snapshot has none. */
  defaultOrganizer: string;
  state: MarketingEventState;
}

/**
 * Builds the upsert fields of the marketing event for an Oniva event: the external event id is
 * the Oniva event id and the external account id the Oniva account id, so the pair names one
 * marketing event per Oniva event. Fails when the event has no usable start and end instant.
 */
export function buildEventParams(input: EventParamsInput): EventParamsResult {
  const { event } = input;
  const times = resolveEventTimes(event);
  if (!times.ok) {
    return { ok: false, problem: `Event ${event.id}: ${times.problem}` };
  }

  const organizer = event.organizer?.trim();
  const params: MarketingEventParams = {
    externalAccountId: input.accountId,
    externalEventId: event.id,
    eventName: event.name,
    eventOrganizer: organizer ? organizer : input.defaultOrganizer,
    startDateTime: times.times.start,
    endDateTime: times.times.end,
    eventCancelled: input.state === 'cancelled',
    eventCompleted: input.state === 'completed',
  };
  if (event.url !== undefined) {
    params.eventUrl = event.url;
  }
  if (event.description !== undefined) {
    params.eventDescription = event.description;
  }
  return { ok: true, params };
}

/** Builds the error a record carries when it is parked because its event has no usable times. */
export function eventTimesError(problem: string, event: Partial<EventSnapshot>): SinkError {
  return new SinkError(
    'MARKETING_SINK_ERR_EVENT_TIMES_INVALID',
    `${problem}; correct the event times in Oniva`,
    {
      details: {
        eventId: event.id,
        startsAt: event.startsAt,
        endsAt: event.endsAt,
        timeZone: event.timeZone,
      },
    },
  );
}
