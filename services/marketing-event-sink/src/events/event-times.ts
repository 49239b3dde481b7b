import { DateTime, IANAZone } from 'luxon';

/** Start and end of an event as instants. */
export interface EventTimes {
  start: Date;
  end: Date;
}

/** Result of `resolveEventTimes`: the instants, or why the event has no usable times. */
export type EventTimesResult = { ok: true; times: EventTimes } | { ok: false; problem: string };

/** Times as an Oniva event snapshot carries them. */
export interface EventTimeFields {
  startsAt?: unknown;
  endsAt?: unknown;
  timeZone?: unknown;
}

// Date-time with seconds optional and fraction optional; the offset group is captured separately.
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Turns an event's `startsAt` and `endsAt` into instants.
 *
 * A date-time with an offset (`Z` or `±hh:mm`) is that instant. A local date-time without an
 * offset is read in the event's IANA `timeZone`, with the offset in force there on that date, so
 * daylight saving time is respected. A local time that does not exist in the zone (skipped by a
 * spring-forward change) is rejected. A local time that exists twice (fall-back) takes the
 * earlier instant.
 * Missing or unparsable values, a local time without a usable zone, and an end before the start
 * are problems: the caller parks the record and never substitutes a default.
 */
export function resolveEventTimes(fields: EventTimeFields): EventTimesResult {
  const start = resolveInstant('startsAt', fields.startsAt, fields.timeZone);
  if (!start.ok) {
    return start;
  }
  const end = resolveInstant('endsAt', fields.endsAt, fields.timeZone);
  if (!end.ok) {
    return end;
  }

  if (end.instant.getTime() < start.instant.getTime()) {
    return {
      ok: false,
      problem: `endsAt ${String(fields.endsAt)} is before startsAt ${String(fields.startsAt)}`,
    };
  }
  return { ok: true, times: { start: start.instant, end: end.instant } };
}

type InstantResult = { ok: true; instant: Date } | { ok: false; problem: string };

function resolveInstant(field: string, value: unknown, timeZone: unknown): InstantResult {
  if (typeof value !== 'string' || value.trim() === '') {
    return { ok: false, problem: `${field} is missing` };
  }

  const match = ISO_DATE_TIME.exec(value);
  if (match === null) {
    return { ok: false, problem: `${field} "${value}" is not an ISO-8601 date-time` };
  }

  const hasOffset = match[8] !== undefined;
  if (hasOffset) {
    const parsed = DateTime.fromISO(value, { setZone: true });
    if (!parsed.isValid) {
      return {
        ok: false,
        problem: `${field} "${value}" is not a valid date-time (${parsed.invalidExplanation ?? 'invalid'})`,
      };
    }
    return { ok: true, instant: parsed.toJSDate() };
  }

  if (typeof timeZone !== 'string' || timeZone === '') {
    return { ok: false, problem: `${field} "${value}" has no UTC offset and the event has no timeZone` };
  }
  const zone = IANAZone.create(timeZone);
  if (!zone.isValid) {
    return {
      ok: false,
      problem: `${field} "${value}" cannot be read: "${timeZone}" is not an IANA time zone`,
    };
  }
  const wallClock = DateTime.fromISO(value, { zone: 'UTC' });
  if (!wallClock.isValid) {
    return {
      ok: false,
      problem: `${field} "${value}" is not a valid date-time (${wallClock.invalidExplanation ?? 'invalid'})`,
    };
  }

  const instant = localToInstant(wallClock.toMillis(), zone);
  if (instant === undefined) {
    return {
      ok: false,
      problem: `${field} "${value}" does not exist in time zone "${timeZone}" (daylight saving gap)`,
    };
  }
  return { ok: true, instant: new Date(instant) };
}

const DAY_MS = 86_400_000;

/**
 * Returns the earliest instant whose wall-clock time in `zone` is `wallClockMs` (the local time
 * read as if it were UTC), or undefined when no instant has that wall-clock time. The candidates
 * are the offsets in force a day before, at, and a day after that time.
 * NOTE: this assumes a zone changes its offset at most once within those two days, which holds
 * for daylight saving rules but is not checked against every historical IANA transition.
 */
function localToInstant(wallClockMs: number, zone: IANAZone): number | undefined {
  const offsets = new Set([
    zone.offset(wallClockMs - DAY_MS),
    zone.offset(wallClockMs),
    zone.offset(wallClockMs + DAY_MS),
  ]);

  let earliest: number | undefined;
  for (const offsetMinutes of offsets) {
    const candidate = wallClockMs - offsetMinutes * 60_000;
    if (zone.offset(candidate) === offsetMinutes && (earliest === undefined || candidate < earliest)) {
      earliest = candidate;
    }
  }
  return earliest;
}
