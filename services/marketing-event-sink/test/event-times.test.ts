import { describe, expect, it } from 'vitest';

import { resolveEventTimes } from '../src/events/event-times.js';

function instants(fields: Parameters<typeof resolveEventTimes>[0]): { start: string; end: string } {
  const result = resolveEventTimes(fields);
  if (!result.ok) {
    throw new Error(`expected usable times, got problem: ${result.problem}`);
  }
  return { start: result.times.start.toISOString(), end: result.times.end.toISOString() };
}

function problem(fields: Parameters<typeof resolveEventTimes>[0]): string {
  const result = resolveEventTimes(fields);
  if (result.ok) {
    throw new Error('expected a problem, got usable times');
  }
  return result.problem;
}

describe('resolveEventTimes', () => {
  it('uses an explicit offset as given', () => {
    const times = instants({
      startsAt: '2025-03-14T09:30:00+01:00',
      endsAt: '2025-03-14T11:00:00Z',
      timeZone: 'America/New_York',
    });
    expect(times.start).toBe('2025-03-14T08:30:00.000Z');
    expect(times.end).toBe('2025-03-14T11:00:00.000Z');
  });

  it('reads local times in the winter offset of the zone', () => {
    const times = instants({
      startsAt: '2025-01-15T18:00:00',
      endsAt: '2025-01-15T20:00',
      timeZone: 'Europe/Berlin',
    });
    expect(times.start).toBe('2025-01-15T17:00:00.000Z');
    expect(times.end).toBe('2025-01-15T19:00:00.000Z');
  });

  it('reads local times in the summer offset of the zone', () => {
    const times = instants({
      startsAt: '2025-07-15T18:00:00',
      endsAt: '2025-07-15T20:00:00',
      timeZone: 'Europe/Berlin',
    });
    expect(times.start).toBe('2025-07-15T16:00:00.000Z');
    expect(times.end).toBe('2025-07-15T18:00:00.000Z');
  });

  it('spans a daylight saving change with the right duration', () => {
    // Berlin leaves summer time at 03:00 on 26 October 2025, so 00:00 to 06:00 lasts seven hours.
    const times = instants({
      startsAt: '2025-10-26T00:00:00',
      endsAt: '2025-10-26T06:00:00',
      timeZone: 'Europe/Berlin',
    });
    expect(times.start).toBe('2025-10-25T22:00:00.000Z');
    expect(times.end).toBe('2025-10-26T05:00:00.000Z');
  });

  it('takes the earlier instant of a repeated local time', () => {
    const times = instants({
      startsAt: '2025-10-26T02:30:00',
      endsAt: '2025-10-26T04:00:00',
      timeZone: 'Europe/Berlin',
    });
    expect(times.start).toBe('2025-10-26T00:30:00.000Z');
  });

  it('keeps fractional seconds', () => {
    const times = instants({ startsAt: '2025-03-14T09:30:00.250Z', endsAt: '2025-03-14T09:30:01.5Z' });
    expect(times.start).toBe('2025-03-14T09:30:00.250Z');
    expect(times.end).toBe('2025-03-14T09:30:01.500Z');
  });

  it('rejects a local time inside the spring-forward gap', () => {
    const text = problem({
      startsAt: '2025-03-30T02:30:00',
      endsAt: '2025-03-30T04:00:00',
      timeZone: 'Europe/Berlin',
    });
    expect(text).toContain('does not exist in time zone "Europe/Berlin"');
  });

  it('rejects a local time without a zone', () => {
    expect(problem({ startsAt: '2025-03-14T09:30:00', endsAt: '2025-03-14T10:30:00Z' })).toContain(
      'has no UTC offset',
    );
  });

  it('rejects an unknown zone name', () => {
    expect(
      problem({ startsAt: '2025-03-14T09:30:00', endsAt: '2025-03-14T10:30:00', timeZone: 'Mars/Olympus' }),
    ).toContain('"Mars/Olympus" is not an IANA time zone');
  });

  it('rejects missing times', () => {
    expect(problem({ endsAt: '2025-03-14T10:30:00Z' })).toBe('startsAt is missing');
    expect(problem({ startsAt: '2025-03-14T10:30:00Z', endsAt: '' })).toBe('endsAt is missing');
    expect(problem({ startsAt: '2025-03-14T10:30:00Z', endsAt: 17 })).toBe('endsAt is missing');
  });

  it('rejects unparsable and impossible dates', () => {
    expect(problem({ startsAt: 'next Tuesday', endsAt: '2025-03-14T10:30:00Z' })).toContain(
      'is not an ISO-8601 date-time',
    );
    expect(problem({ startsAt: '2025-03-14', endsAt: '2025-03-14T10:30:00Z' })).toContain(
      'is not an ISO-8601 date-time',
    );
    expect(problem({ startsAt: '2025-02-30T10:00:00Z', endsAt: '2025-03-14T10:30:00Z' })).toContain(
      'is not a valid date-time',
    );
    expect(
      problem({ startsAt: '2025-02-30T10:00:00', endsAt: '2025-03-14T10:30:00', timeZone: 'UTC' }),
    ).toContain('is not a valid date-time');
  });

  it('rejects an end before the start', () => {
    expect(problem({ startsAt: '2025-03-14T10:00:00+01:00', endsAt: '2025-03-14T09:30:00+01:00' })).toBe(
      'endsAt 2025-03-14T09:30:00+01:00 is before startsAt 2025-03-14T10:00:00+01:00',
    );
  });

  it('compares start and end as instants across offsets', () => {
    // 10:00+02:00 is 08:00Z, so an end at 09:00Z is after the start although its clock time is earlier.
    const times = instants({ startsAt: '2025-06-01T10:00:00+02:00', endsAt: '2025-06-01T09:00:00Z' });
    expect(times.start).toBe('2025-06-01T08:00:00.000Z');
  });
});
