import { DateTime } from 'luxon';

/**
 * Returns the next midnight in `timeZone` after `now`: HubSpot resets the daily call counter of a
 * portal at midnight in the portal's time zone (`timeZone` of the account details). An unknown
 * zone name falls back to UTC.
 */
export function nextDailyReset(now: Date, timeZone: string | undefined): Date {
  const zoned = DateTime.fromJSDate(now, { zone: timeZone ?? 'UTC' });
  const local = zoned.isValid ? zoned : DateTime.fromJSDate(now, { zone: 'UTC' });
  return local.startOf('day').plus({ days: 1 }).toJSDate();
}
