import { z } from 'zod';

// Each schema carries its own "expected …" message. `formatIssues` prefixes the field path and
// appends the received value, e.g. `contact.email: expected an email address, received "x"`.

/** `schemaVersion` of every v1 record. An additive change keeps 1; a breaking change is a new topic. */
export const schemaVersionSchema = z
  .literal(1, { error: 'expected schemaVersion 1' })
  .describe('Contract version of the record; 1 for every record of a .v1 topic.');

/** Identifier issued by Oniva, HubSpot or the connector; any non-empty string. */
export const idSchema = z.string().min(1, { error: 'expected a non-empty string' });

/**
 * Email address, checked with zod's default pattern. It rejects quoted local parts, IP-literal
 * domains and non-ASCII addresses, which HubSpot would reject as INVALID_EMAIL as well.
 */
export const emailSchema = z.email({ error: 'expected an email address' });

/**
 * ISO-8601 date-time with seconds and an explicit offset (`Z` or `±hh:mm`), e.g.
 * `2025-03-14T09:30:00+01:00`. Impossible dates such as February 30 are rejected.
 */
export const isoDateTimeSchema = z.iso.datetime({
  offset: true,
  error: 'expected an ISO-8601 date-time with seconds and a UTC offset, e.g. 2025-03-14T09:30:00+01:00',
});

// Area/Location names such as Europe/Berlin, America/Argentina/Buenos_Aires, Etc/GMT+1 or UTC.
// The pattern keeps out offsets like "+01:00", which newer Node versions accept as time zones.
const IANA_TIME_ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9][A-Za-z0-9_+-]*)*$/;

const TIME_ZONE_MESSAGE = 'expected an IANA time zone name such as Europe/Berlin';

/** Returns whether `name` is an IANA time zone name in the ICU data of this Node runtime. */
export function isIanaTimeZone(name: string): boolean {
  if (!IANA_TIME_ZONE_NAME.test(name)) {
    return false;
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** IANA time zone name, checked against the ICU time zone data of this Node runtime via `Intl`. */
export const ianaTimeZoneSchema = z
  .string({ error: TIME_ZONE_MESSAGE })
  .regex(IANA_TIME_ZONE_NAME, { error: TIME_ZONE_MESSAGE, abort: true })
  .refine(isIanaTimeZone, { error: TIME_ZONE_MESSAGE })
  .describe('IANA time zone name, e.g. Europe/Berlin.');

/** Absolute http or https URL whose host is a domain name. */
export const httpUrlSchema = z
  .httpUrl({ error: 'expected an absolute http or https URL' })
  .meta({ pattern: '^[Hh][Tt][Tt][Pp][Ss]?://' });

/**
 * Version of the source entity. It increases with every change of one booking, event or link, and
 * the sinks drop a record whose version is at or below the last applied one.
 */
export const sourceVersionSchema = z
  .int({ error: 'expected an integer version' })
  .min(0, { error: 'expected a version of 0 or more' })
  .describe('Version of the source entity; increases with every change of it.');

/** Non-negative integer count. */
export const countSchema = z
  .int({ error: 'expected an integer count' })
  .min(0, { error: 'expected a count of 0 or more' });

/** Returns whether the ISO date-time `later` is at or after `earlier`, comparing instants across offsets. */
export function isAtOrAfter(later: string, earlier: string): boolean {
  return Date.parse(later) >= Date.parse(earlier);
}
