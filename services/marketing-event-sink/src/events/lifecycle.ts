import type { EventType } from '@oniva-hubspot/contracts';

import type { MarketingEventState } from './event-params.js';

/**
 * Returns the marketing event state after an event record of `type`. Cancelling and completing
 * stick: a later `event.created` or `event.updated` (e.g. a corrected description after the
 * event) changes the fields but never reopens the event in HubSpot.
 */
export function nextLifecycleState(current: MarketingEventState, type: EventType): MarketingEventState {
  switch (type) {
    case 'event.cancelled':
      return 'cancelled';
    case 'event.completed':
      return 'completed';
    case 'event.created':
    case 'event.updated':
      return current;
  }
}
