import type { MarketingEventRecord } from '../state/marketing-events.js';
import type { AttendanceCounters } from '../state/marketing-events-attendance.js';

/**
 * Response bodies of the marketing events API. HubSpot uses several shapes, and SDK 14 picks
 * the model by endpoint. Create, cancel and complete return the default shape. The external-id
 * read adds `id` and counters. The objectId endpoints use the "V2" shapes with `appInfo` and
 * plain `{name, value}` custom properties.
 */

function isoOrUndefined(epochMs: number | undefined): string | undefined {
  return epochMs === undefined ? undefined : new Date(epochMs).toISOString();
}

/** Returns the event fields every shape shares, leaving out absent optional fields. */
function eventFields(record: MarketingEventRecord): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    eventName: record.eventName,
    eventOrganizer: record.eventOrganizer,
    eventType: record.eventType,
    startDateTime: isoOrUndefined(record.startDateTime),
    endDateTime: isoOrUndefined(record.endDateTime),
    eventUrl: record.eventUrl,
    eventDescription: record.eventDescription,
    eventCancelled: record.eventCancelled,
    eventCompleted: record.eventCompleted,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/** Custom properties as `PropertyValue` items, of which the sandbox fills the commonly read fields. */
function propertyValues(record: MarketingEventRecord): Array<Record<string, unknown>> {
  return [...record.customProperties].map(([name, value]) => ({
    name,
    value,
    timestamp: record.updatedAt,
    source: 'API',
    sourceId: String(record.appId),
  }));
}

function propertyWrappers(record: MarketingEventRecord): Array<{ name: string; value: string }> {
  return [...record.customProperties].map(([name, value]) => ({ name, value }));
}

/** App that created the event; private apps have no public name, so the sandbox makes one up. */
export function appInfo(record: MarketingEventRecord): { id: string; name: string } {
  return { id: String(record.appId), name: `Private app ${record.appId}` };
}

/** `MarketingEventDefaultResponse`: create, cancel and complete. */
export function defaultResponse(record: MarketingEventRecord): Record<string, unknown> {
  return { ...eventFields(record), customProperties: propertyValues(record), objectId: record.objectId };
}

/** `MarketingEventPublicDefaultResponse`: upsert, update by external ids and batch upsert. */
export function publicDefaultResponse(record: MarketingEventRecord): Record<string, unknown> {
  return {
    id: record.objectId,
    objectId: record.objectId,
    ...eventFields(record),
    customProperties: propertyValues(record),
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
}

/** `MarketingEventPublicDefaultResponseV2`: update by objectId and batch update. */
export function publicDefaultResponseV2(record: MarketingEventRecord): Record<string, unknown> {
  return {
    objectId: record.objectId,
    ...eventFields(record),
    customProperties: propertyWrappers(record),
    appInfo: appInfo(record),
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
}

function counterFields(counters: AttendanceCounters): Record<string, number> {
  return {
    registrants: counters.registered,
    attendees: counters.attended,
    cancellations: counters.cancelled,
    noShows: counters.noShows,
  };
}

/** `MarketingEventPublicReadResponse`: read by external ids. */
export function publicReadResponse(
  record: MarketingEventRecord,
  counters: AttendanceCounters,
): Record<string, unknown> {
  return {
    id: record.objectId,
    objectId: record.objectId,
    externalEventId: record.externalEventId,
    ...eventFields(record),
    customProperties: propertyValues(record),
    ...counterFields(counters),
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
}

/** `MarketingEventPublicReadResponseV2`: read by objectId and list all. */
export function publicReadResponseV2(
  record: MarketingEventRecord,
  counters: AttendanceCounters,
  now: number,
): Record<string, unknown> {
  return {
    objectId: record.objectId,
    externalEventId: record.externalEventId,
    eventStatus: eventStatus(record, now),
    appInfo: appInfo(record),
    ...eventFields(record),
    customProperties: propertyWrappers(record),
    ...counterFields(counters),
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
}

/**
 * Derives `eventStatus` from the flags and dates.
 * NOTE: HubSpot does not document the values; CANCELLED, COMPLETED, ONGOING and UPCOMING are
 * the sandbox's choice.
 */
function eventStatus(record: MarketingEventRecord, now: number): string {
  if (record.eventCancelled) return 'CANCELLED';
  if (record.eventCompleted || (record.endDateTime !== undefined && record.endDateTime < now))
    return 'COMPLETED';
  if (record.startDateTime !== undefined && record.startDateTime <= now) return 'ONGOING';
  return 'UPCOMING';
}
