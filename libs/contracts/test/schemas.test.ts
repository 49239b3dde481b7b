import { describe, expect, it } from 'vitest';

import { KNOWN_BOOKING_STATUSES, bookingStatusSchema } from '../src/bookings.js';
import { importRequestRecordSchema } from '../src/import-requests.js';
import { mappedFieldsSchema } from '../src/imports.js';
import {
  emailSchema,
  httpUrlSchema,
  ianaTimeZoneSchema,
  isIanaTimeZone,
  isoDateTimeSchema,
  sourceVersionSchema,
} from '../src/primitives.js';
import { eventSnapshotSchema } from '../src/snapshots.js';

describe('isoDateTimeSchema', () => {
  it.each([
    '2025-03-14T09:30:00+01:00',
    '2025-03-14T08:30:00Z',
    '2025-03-14T08:30:00.123456Z',
    '2025-03-14T09:30:00-04:30',
    '2024-02-29T12:00:00+00:00',
  ])('accepts %s', (value) => {
    expect(isoDateTimeSchema.safeParse(value).success).toBe(true);
  });

  it.each([
    ['no offset', '2025-03-14T09:30:00'],
    ['no seconds', '2025-03-14T09:30+01:00'],
    ['offset without colon', '2025-03-14T09:30:00+0100'],
    ['a space instead of T', '2025-03-14 09:30:00Z'],
    ['a date only', '2025-03-14'],
    ['February 29 of a common year', '2025-02-29T12:00:00Z'],
    ['hour 24', '2025-03-14T24:00:00Z'],
    ['an epoch number as string', '1741941000000'],
  ])('rejects %s', (_case, value) => {
    expect(isoDateTimeSchema.safeParse(value).success).toBe(false);
  });
});

describe('ianaTimeZoneSchema', () => {
  it.each(['Europe/Berlin', 'America/Argentina/Buenos_Aires', 'America/Port-au-Prince', 'Etc/GMT+1', 'UTC'])(
    'accepts %s',
    (value) => {
      expect(ianaTimeZoneSchema.safeParse(value).success).toBe(true);
    },
  );

  it.each(['Europe/Atlantis', '+01:00', 'GMT+1 ', '', 'Europe//Berlin', '../etc/passwd'])(
    'rejects "%s"',
    (value) => {
      expect(ianaTimeZoneSchema.safeParse(value).success).toBe(false);
      expect(isIanaTimeZone(value)).toBe(false);
    },
  );
});

describe('emailSchema', () => {
  it.each(['lena.hoffmann@example.test', 'o.brien+events@mail.example.test'])('accepts %s', (value) => {
    expect(emailSchema.safeParse(value).success).toBe(true);
  });

  it.each(['not-an-email', 'lena@', '@example.test', 'lena hoffmann@example.test', 'lena@example'])(
    'rejects %s',
    (value) => {
      expect(emailSchema.safeParse(value).success).toBe(false);
    },
  );
});

describe('httpUrlSchema', () => {
  it.each(['https://events.example.test/p/3b9f', 'http://events.example.test:8080/a?b=c#d'])(
    'accepts %s',
    (value) => {
      expect(httpUrlSchema.safeParse(value).success).toBe(true);
    },
  );

  it.each([
    'ftp://events.example.test/a',
    'javascript:alert(1)',
    '/relative/path',
    'https://',
    'mailto:a@example.test',
  ])('rejects %s', (value) => {
    expect(httpUrlSchema.safeParse(value).success).toBe(false);
  });
});

describe('sourceVersionSchema', () => {
  it('accepts 0 and the largest safe integer', () => {
    expect(sourceVersionSchema.safeParse(0).success).toBe(true);
    expect(sourceVersionSchema.safeParse(Number.MAX_SAFE_INTEGER).success).toBe(true);
  });

  it('rejects integers beyond the safe range', () => {
    expect(sourceVersionSchema.safeParse(2 ** 53).success).toBe(false);
  });
});

describe('bookingStatusSchema', () => {
  it('accepts every known status', () => {
    for (const status of KNOWN_BOOKING_STATUSES) {
      expect(bookingStatusSchema.safeParse(status).success).toBe(true);
    }
  });

  it('accepts statuses outside the known list', () => {
    expect(bookingStatusSchema.safeParse('no_show').success).toBe(true);
    expect(bookingStatusSchema.safeParse('waitlisted').success).toBe(true);
  });

  it.each(['Confirmed', 'no-show', '_registered', 'checked in', '', 'a'.repeat(65)])(
    'rejects "%s"',
    (value) => {
      const result = bookingStatusSchema.safeParse(value);

      expect(result.success).toBe(false);
      expect(result.error?.issues).toHaveLength(1);
    },
  );
});

describe('eventSnapshotSchema', () => {
  const event = {
    id: 'evt_1',
    name: 'Partner Day',
    startsAt: '2025-06-12T09:00:00+02:00',
    endsAt: '2025-06-12T17:00:00+02:00',
  };

  it('compares start and end as instants across offsets', () => {
    const endsInOtherOffset = { ...event, endsAt: '2025-06-12T07:30:00Z' };

    expect(eventSnapshotSchema.safeParse(endsInOtherOffset).success).toBe(true);
  });

  it('accepts an event that ends when it starts', () => {
    expect(eventSnapshotSchema.safeParse({ ...event, endsAt: event.startsAt }).success).toBe(true);
  });

  it('rejects an empty name', () => {
    expect(eventSnapshotSchema.safeParse({ ...event, name: '' }).success).toBe(false);
  });
});

describe('mappedFieldsSchema', () => {
  it('keeps every string field next to email', () => {
    const fields = { email: 'maria.garcia@example.test', jobTitle: 'Head of Marketing', city: 'Valencia' };

    expect(mappedFieldsSchema.parse(fields)).toEqual(fields);
  });

  it('rejects null field values', () => {
    expect(mappedFieldsSchema.safeParse({ email: 'maria.garcia@example.test', city: null }).success).toBe(
      false,
    );
  });
});

describe('importRequestRecordSchema', () => {
  const request = {
    schemaVersion: 1,
    importId: 'imp_1',
    accountId: 'acc_1',
    listId: '187',
    mode: 'upsert',
    fieldMapping: [],
    requestedAt: '2025-05-22T16:40:00Z',
  };

  it('requires accountType for an accounts import', () => {
    const result = importRequestRecordSchema.safeParse({ ...request, target: 'accounts' });

    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['accountType']);
  });

  it('accepts an empty field mapping, because email is always read', () => {
    const result = importRequestRecordSchema.safeParse({
      ...request,
      target: 'accounts',
      accountType: 'sso',
    });

    expect(result.success).toBe(true);
  });
});
