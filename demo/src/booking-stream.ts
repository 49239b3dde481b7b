import { Faker, en } from '@faker-js/faker';
import type { BookingRecord, EventRecord } from '@oniva-hubspot/contracts';

/** HubSpot participation state a participant should end in, under the default status mapping. */
export type ExpectedState = 'REGISTERED' | 'ATTENDED' | 'CANCELLED';

/** Options of {@link generateBookingStream}. */
export interface BookingStreamOptions {
  accountId: string;
  workspaceId: string;
  /** Number of Oniva events; default 3. */
  eventCount?: number;
  /** Participants over all events; default 2,000. */
  participants?: number;
  /** Share of booking records produced twice, 0 to 1; default 0.05. */
  duplicateRate?: number;
  /**
   * Records are shuffled inside windows of this many records, so later versions of a booking can
   * arrive before earlier ones; default 25.
   */
  reorderWindow?: number;
  /** Seed of the fake-data generator, so a run can be repeated exactly; default 2026. */
  seed?: number;
  /** Start of the first event; default 30 days after `now`. */
  firstEventStartsAt?: Date;
  /**
   * Time of the first booking; default `now`. Bookings that occurred before an event's activation
   * are not transferred, so a stream meant to arrive in HubSpot starts after the activation.
   */
  bookingsStartAt?: Date;
  now?: Date;
}

/** One participant's final expectation in HubSpot. */
export interface ExpectedParticipation {
  eventId: string;
  /** Lower-cased email, as HubSpot stores it. */
  email: string;
  state: ExpectedState;
  firstName: string;
  lastName: string;
}

/** Records to produce, in production order, and what HubSpot should show afterwards. */
export interface BookingStream {
  events: EventRecord[];
  bookings: BookingRecord[];
  expected: ExpectedParticipation[];
}

// Status paths of one booking; each step is a new version. Weights sum to 100.
const STATUS_PATHS: Array<{ weight: number; statuses: string[] }> = [
  { weight: 35, statuses: ['registered', 'confirmed', 'attended'] },
  { weight: 20, statuses: ['registered', 'confirmed'] },
  { weight: 10, statuses: ['registered', 'declined'] },
  { weight: 10, statuses: ['registered', 'confirmed', 'cancelled'] },
  { weight: 10, statuses: ['registered'] },
  // A cancelled booking that is re-activated: the final state must be the last version's.
  { weight: 5, statuses: ['registered', 'cancelled', 'registered'] },
  { weight: 10, statuses: ['registered', 'attended'] },
];

const DEFAULT_MAPPING: Record<string, ExpectedState> = {
  registered: 'REGISTERED',
  confirmed: 'REGISTERED',
  attended: 'ATTENDED',
  declined: 'CANCELLED',
  cancelled: 'CANCELLED',
};

const EVENT_FORMATS = ['Summit', 'Workshop', 'Webinar', 'Meetup', 'Conference'];

/**
 * Generates a realistic stream of Oniva events and bookings with faker: registrations,
 * confirmations, declines, cancellations and attendance, with duplicates and out-of-order versions,
 * plus the final participation state HubSpot should show for every participant.
 */
export function generateBookingStream(options: BookingStreamOptions): BookingStream {
  const faker = new Faker({ locale: [en] });
  faker.seed(options.seed ?? 2026);
  const now = options.now ?? new Date();
  const eventCount = options.eventCount ?? 3;
  const participantCount = options.participants ?? 2000;
  const firstStart = options.firstEventStartsAt ?? new Date(now.getTime() + 30 * 86_400_000);
  const bookingsStart = options.bookingsStartAt ?? now;

  const events = Array.from({ length: eventCount }, (_, index) =>
    makeEvent({
      faker,
      index,
      options,
      startsAt: new Date(firstStart.getTime() + index * 7 * 86_400_000),
      bookingsStart,
    }),
  );

  const timeline: BookingRecord[] = [];
  const expected: ExpectedParticipation[] = [];
  for (let index = 0; index < participantCount; index += 1) {
    const event = events[index % eventCount]!;
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    const email = `${firstName}.${lastName}.${index}@example.test`.replace(/[^A-Za-z0-9.@-]/g, '');
    const contact = {
      id: `contact-${index}`,
      // Some addresses arrive in mixed case; HubSpot keys contacts by the lower-cased address.
      email: index % 7 === 0 ? email : email.toLowerCase(),
      firstName,
      lastName,
      company: faker.company.name(),
    };
    const statuses = pickPath(faker);
    // Each booking changes status a few seconds to minutes apart, spread over the first hour.
    let occurredAt = bookingsStart.getTime() + faker.number.int({ min: 0, max: 3_600_000 });
    statuses.forEach((status, step) => {
      occurredAt += faker.number.int({ min: 1_000, max: 300_000 });
      timeline.push({
        schemaVersion: 1,
        type: step === 0 ? 'booking.created' : 'booking.status_changed',
        bookingId: `booking-${index}`,
        accountId: options.accountId,
        workspaceId: options.workspaceId,
        eventId: event.eventId,
        contact,
        status,
        version: step + 1,
        occurredAt: new Date(occurredAt).toISOString(),
        event: event.event,
      });
    });
    expected.push({
      eventId: event.eventId,
      email: email.toLowerCase(),
      state: DEFAULT_MAPPING[statuses.at(-1)!]!,
      firstName,
      lastName,
    });
  }

  timeline.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  const bookings = addDuplicates(
    faker,
    shuffleInWindows(faker, timeline, options.reorderWindow ?? 25),
    options.duplicateRate ?? 0.05,
  );
  return { events, bookings, expected };
}

function makeEvent(input: {
  faker: Faker;
  index: number;
  options: BookingStreamOptions;
  startsAt: Date;
  bookingsStart: Date;
}): EventRecord {
  const { faker, index, options, startsAt } = input;
  const eventId = `event-${index + 1}`;
  const format = EVENT_FORMATS[index % EVENT_FORMATS.length]!;
  return {
    schemaVersion: 1,
    type: 'event.created',
    accountId: options.accountId,
    workspaceId: options.workspaceId,
    eventId,
    version: 1,
    occurredAt: input.bookingsStart.toISOString(),
    event: {
      id: eventId,
      name: `${faker.company.buzzNoun().replace(/^\w/, (c) => c.toUpperCase())} ${format} ${startsAt.getUTCFullYear()}`,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
      timeZone: 'Europe/Berlin',
      url: `https://events.example.test/${eventId}`,
      organizer: faker.company.name(),
      description: faker.lorem.sentence(),
    },
  } as EventRecord;
}

function pickPath(faker: Faker): string[] {
  let roll = faker.number.int({ min: 1, max: 100 });
  for (const path of STATUS_PATHS) {
    roll -= path.weight;
    if (roll <= 0) return path.statuses;
  }
  return STATUS_PATHS[0]!.statuses;
}

function shuffleInWindows<T>(faker: Faker, records: T[], window: number): T[] {
  const result: T[] = [];
  for (let start = 0; start < records.length; start += window) {
    result.push(...faker.helpers.shuffle(records.slice(start, start + window)));
  }
  return result;
}

function addDuplicates<T>(faker: Faker, records: T[], rate: number): T[] {
  const result: T[] = [];
  // A duplicate arrives a few records after its original, as a producer retry would deliver it.
  let pending: Array<{ record: T; after: number }> = [];
  for (const record of records) {
    result.push(record);
    for (const duplicate of pending) duplicate.after -= 1;
    result.push(...pending.filter((duplicate) => duplicate.after <= 0).map((duplicate) => duplicate.record));
    pending = pending.filter((duplicate) => duplicate.after > 0);
    if (faker.number.float({ min: 0, max: 1 }) < rate) {
      pending.push({ record, after: faker.number.int({ min: 1, max: 10 }) });
    }
  }
  result.push(...pending.map((duplicate) => duplicate.record));
  return result;
}
