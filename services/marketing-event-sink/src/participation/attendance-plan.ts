import type { Contact } from '@oniva-hubspot/contracts';

import type { SubscriberState } from '../enrichment/status-mapping.js';
import { groupBy } from '../group-by.js';

/**
 * Maximum inputs per attendance call. HubSpot does not document a limit; 100 matches its other
 * batch endpoints, and the sandbox rejects more with 400.
 */
export const MAX_ATTENDANCE_INPUTS = 100;

/** Contact properties that HubSpot applies when `email-create` creates a new contact. */
export interface NewContactProperties {
  firstname?: string;
  lastname?: string;
  company?: string;
}

/** One participant state change ready to send. */
export interface AttendanceItem<R> {
  /** The source record; outcomes are reported against it. */
  record: R;
  accountId: string;
  eventId: string;
  /** Normalised email (trimmed, lower case). */
  email: string;
  state: SubscriberState;
  /** `interactionDateTime` in epoch milliseconds. */
  interactionMs: number;
  contactProperties: NewContactProperties;
}

/** One `email-create` call: inputs of one event and one subscriber state. */
export interface AttendanceCall<R> {
  accountId: string;
  eventId: string;
  state: SubscriberState;
  items: AttendanceItem<R>[];
}

/**
 * Groups items by account, event and subscriber state and cuts each group into calls of at most
 * `maxInputs` inputs. Groups keep the order in which they first appear, and items keep their
 * order inside a group.
 */
export function planAttendanceCalls<R>(
  items: readonly AttendanceItem<R>[],
  maxInputs: number = MAX_ATTENDANCE_INPUTS,
): AttendanceCall<R>[] {
  const calls: AttendanceCall<R>[] = [];
  for (const group of groupBy(items, (item) => JSON.stringify([item.accountId, item.eventId, item.state]))) {
    const [first] = group;
    if (first === undefined) {
      continue;
    }
    for (let start = 0; start < group.length; start += maxInputs) {
      calls.push({
        accountId: first.accountId,
        eventId: first.eventId,
        state: first.state,
        items: group.slice(start, start + maxInputs),
      });
    }
  }
  return calls;
}

/** Builds the `contactProperties` of a new contact from the booking's contact, leaving out blank values. */
export function newContactProperties(
  contact: Pick<Contact, 'firstName' | 'lastName' | 'company'>,
): NewContactProperties {
  const properties: NewContactProperties = {};
  const firstname = contact.firstName?.trim();
  const lastname = contact.lastName?.trim();
  const company = contact.company?.trim();
  if (firstname) {
    properties.firstname = firstname;
  }
  if (lastname) {
    properties.lastname = lastname;
  }
  if (company) {
    properties.company = company;
  }
  return properties;
}
