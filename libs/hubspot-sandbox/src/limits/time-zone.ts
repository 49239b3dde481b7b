/** Calendar arithmetic in a portal's IANA time zone, with `Intl` only. */

const partFormats = new Map<string, Intl.DateTimeFormat>();
const offsetFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    partFormats.set(timeZone, format);
  }
  return format;
}

function offsetFormat(timeZone: string): Intl.DateTimeFormat {
  let format = offsetFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormats.set(timeZone, format);
  }
  return format;
}

/** Returns true when `Intl` supports the time-zone name. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    partsFormat(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface LocalDate {
  year: number;
  month: number;
  day: number;
}

function localDate(epochMs: number, timeZone: string): LocalDate {
  const parts = partsFormat(timeZone).formatToParts(epochMs);
  const value = (type: string): number => Number(parts.find((part) => part.type === type)?.value);
  return { year: value('year'), month: value('month'), day: value('day') };
}

/** Returns the local calendar day of `epochMs` in `timeZone`, as `YYYY-MM-DD`. */
export function localDayKey(epochMs: number, timeZone: string): string {
  const { year, month, day } = localDate(epochMs, timeZone);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** UTC offset of `timeZone` at `epochMs` in milliseconds (east of UTC is positive). */
export function utcOffsetMs(epochMs: number, timeZone: string): number {
  const name = offsetFormat(timeZone)
    .formatToParts(epochMs)
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (match === null) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return (match[1] === '-' ? -1 : 1) * minutes * 60_000;
}

/** Formats an offset in milliseconds as `±hh:mm`. */
export function formatUtcOffset(offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+';
  const minutes = Math.abs(offsetMs) / 60_000;
  const hours = String(Math.floor(minutes / 60)).padStart(2, '0');
  return `${sign}${hours}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Epoch ms of the next local midnight after `epochMs`; daylight-saving changes included. */
export function nextLocalMidnight(epochMs: number, timeZone: string): number {
  const { year, month, day } = localDate(epochMs, timeZone);
  const midnightAsUtc = Date.UTC(year, month - 1, day + 1);
  // The offset at midnight may differ from the current one, so refine the guess once.
  let guess = midnightAsUtc - utcOffsetMs(epochMs, timeZone);
  guess = midnightAsUtc - utcOffsetMs(guess, timeZone);
  return guess;
}
