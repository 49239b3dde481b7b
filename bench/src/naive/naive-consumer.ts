import { Client } from '@hubspot/api-client';
import type { PropertyValue } from '@hubspot/api-client/lib/codegen/marketing/events/index.js';
import { bookingRecordSchema, type BookingRecord } from '@oniva-hubspot/contracts';
import type { Consumer, Kafka } from 'kafkajs';

/** Subscriber state path verb for each booking status of the default status mapping. */
const STATE_BY_STATUS: Readonly<Record<string, 'register' | 'attend' | 'cancel'>> = {
  registered: 'register',
  confirmed: 'register',
  attended: 'attend',
  declined: 'cancel',
  cancelled: 'cancel',
};

/** Destination of the naive consumer's bookings: none, or one HubSpot attendance call each. */
export type NaiveTarget = { kind: 'none' } | { kind: 'hubspot'; basePath: string; accessToken: string };

/** Progress of a naive consumer. */
export interface NaiveProgress {
  processed: number;
  /** HubSpot calls made, event upserts included. */
  hubspotCalls: number;
  /** Epoch ms of the first and the latest processed message, or null before the first. */
  firstAtMs: number | null;
  lastAtMs: number | null;
}

/**
 * The baseline the targets compare against: what a first integration would look like. It uses
 * kafkajs `eachMessage` with auto-commit, parses each booking, and (with a HubSpot target) makes
 * one attendance call per booking with `@hubspot/api-client`, plus one upsert of the marketing
 * event the first time it reads a booking of that event. It has no ledger, no batching and no rate limiting.
 */
export class NaiveConsumer {
  readonly #consumer: Consumer;
  readonly #client: Client | undefined;
  readonly #upsertedEvents = new Set<string>();
  readonly #progress: NaiveProgress = { processed: 0, hubspotCalls: 0, firstAtMs: null, lastAtMs: null };

  constructor(input: { kafka: Kafka; groupId: string; target: NaiveTarget }) {
    this.#consumer = input.kafka.consumer({ groupId: input.groupId });
    this.#client =
      input.target.kind === 'hubspot'
        ? new Client({ accessToken: input.target.accessToken, basePath: input.target.basePath })
        : undefined;
  }

  /** Progress so far; the object is live, so read it again for newer figures. */
  get progress(): Readonly<NaiveProgress> {
    return this.#progress;
  }

  /** Joins the group and consumes `topic` from the beginning in the background. */
  async start(topic: string): Promise<void> {
    await this.#consumer.connect();
    await this.#consumer.subscribe({ topic, fromBeginning: true });
    await this.#consumer.run({
      autoCommit: true,
      eachMessage: async ({ message }) => {
        const booking = bookingRecordSchema.parse(JSON.parse(message.value?.toString('utf8') ?? 'null'));
        await this.#send(booking);
        const now = Date.now();
        this.#progress.firstAtMs ??= now;
        this.#progress.lastAtMs = now;
        this.#progress.processed += 1;
      },
    });
  }

  /** Stops consuming after the message in progress and leaves the group. */
  async stop(): Promise<void> {
    await this.#consumer.disconnect();
  }

  async #send(booking: BookingRecord): Promise<void> {
    const client = this.#client;
    if (client === undefined) {
      return;
    }
    const state = STATE_BY_STATUS[booking.status];
    if (state === undefined) {
      return;
    }

    if (!this.#upsertedEvents.has(booking.eventId)) {
      await client.marketing.events.basicApi.upsert(booking.eventId, {
        externalAccountId: booking.accountId,
        externalEventId: booking.eventId,
        eventName: booking.event.name,
        eventOrganizer: booking.event.organizer ?? 'Oniva',
        startDateTime: new Date(booking.event.startsAt),
        endDateTime: new Date(booking.event.endsAt),
        customProperties: [] as PropertyValue[],
      });
      this.#progress.hubspotCalls += 1;
      this.#upsertedEvents.add(booking.eventId);
    }

    await client.marketing.events.addEventAttendeesApi.recordByContactEmails(
      booking.eventId,
      state,
      {
        inputs: [
          {
            email: booking.contact.email,
            interactionDateTime: Date.parse(booking.occurredAt),
            contactProperties: {
              ...(booking.contact.firstName === undefined ? {} : { firstname: booking.contact.firstName }),
              ...(booking.contact.lastName === undefined ? {} : { lastname: booking.contact.lastName }),
            },
          },
        ],
      },
      booking.accountId,
    );
    this.#progress.hubspotCalls += 1;
  }
}
