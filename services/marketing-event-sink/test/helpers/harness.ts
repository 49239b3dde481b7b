import { randomBytes } from 'node:crypto';

import { loadConfig } from '@oniva-hubspot/config';
import type { BookingRecord, ConfigChangeKind, EventRecord } from '@oniva-hubspot/contracts';
import { createSandbox, type Sandbox } from '@oniva-hubspot/hubspot-sandbox';
import { createKafkajsClient, silentLogger, type KafkaClient, type KafkaLogger } from '@oniva-hubspot/kafka';
import { createLogger, createMetrics } from '@oniva-hubspot/observability';
import {
  connectStore,
  createModels,
  createTokenCipher,
  ensureIndexes,
  tokenFingerprint,
  tokenLast4,
  type StoreModels,
  type TokenCipher,
} from '@oniva-hubspot/store';
import { testServers, uniqueDatabaseUri, uniqueName } from '@oniva-hubspot/testing';
import type { Connection as MongooseConnection } from 'mongoose';

import { sinkEnvSchema } from '../../src/config.js';
import { startSink, type RunningSink } from '../../src/sink.js';

/** Scopes the marketing events export needs, plus the read scope of the contacts read-back. */
export const SINK_SCOPES = [
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.marketing_events.read',
  'crm.objects.marketing_events.write',
];

export const PORTAL_ID = 4242;
export const APP_ID = 77;
export const ACCOUNT_ID = 'acc-1';
export const WORKSPACE_ID = 'ws-1';
export const ACTIVATED_AT = new Date('2025-01-01T00:00:00Z');

/** Logger for tests: silent unless SINK_TEST_LOG=1. */
export const testLogger: KafkaLogger =
  process.env.SINK_TEST_LOG === '1' ? createLogger({ service: 'sink-test', level: 'debug' }) : silentLogger;

/** Options of `createHarness`. */
export interface HarnessOptions {
  partitions?: number;
  /** Retry tier delays for the sink; short so tests finish quickly. */
  retryDelays?: string;
  extraEnv?: Record<string, string>;
}

/**
 * Real servers and a sandbox for one test file: unique topics and database, a HubSpot sandbox
 * with one portal and token, and helpers to seed the store, produce records and read HubSpot back.
 */
export class Harness {
  readonly kafka: KafkaClient;
  readonly topics: { bookings: string; events: string; configChanges: string };
  readonly env: Record<string, string>;
  private readonly sinks: RunningSink[] = [];
  private readonly producedCounts = new Map<string, number>();

  private constructor(
    readonly sandbox: Sandbox,
    readonly mongo: MongooseConnection,
    readonly models: StoreModels,
    readonly cipher: TokenCipher,
    readonly token: string,
    options: HarnessOptions & { mongoUri: string; keys: string },
  ) {
    const servers = testServers();
    this.kafka = createKafkajsClient({
      brokers: servers.kafkaBrokers,
      clientId: 'marketing-event-sink-test',
      logger: silentLogger,
      retries: 3,
      initialRetryTimeMs: 100,
      maxRetryTimeMs: 1_000,
    });
    const base = uniqueName('me-sink');
    this.topics = { bookings: `${base}.bookings`, events: `${base}.events`, configChanges: `${base}.config` };
    this.env = {
      KAFKA_BROKERS: servers.kafkaBrokers.join(','),
      KAFKA_CLIENT_ID: 'marketing-event-sink-test',
      KAFKA_GROUP_ID: `${base}.sink`,
      MONGODB_URI: options.mongoUri,
      HUBSPOT_BASE_PATH: sandbox.url,
      TOKEN_ENCRYPTION_KEYS: options.keys,
      TOKEN_ENCRYPTION_ACTIVE_KEY_ID: 'k1',
      BOOKINGS_TOPIC: this.topics.bookings,
      EVENTS_TOPIC: this.topics.events,
      CONFIG_CHANGES_TOPIC: this.topics.configChanges,
      RETRY_TIER_DELAYS: options.retryDelays ?? '300ms,1s,2s',
      KAFKA_MAX_WAIT: '100ms',
      HUBSPOT_TIMEOUT: '2s',
      HEALTH_RECOVERY_INTERVAL: '1s',
      OPS_PORT: '0',
      LOG_LEVEL: process.env.SINK_TEST_LOG === '1' ? 'debug' : 'silent',
      SHUTDOWN_TIMEOUT: '20s',
      ...options.extraEnv,
    };
  }

  static async create(options: HarnessOptions = {}): Promise<Harness> {
    const token = `pat-na1-${randomBytes(12).toString('hex')}`;
    const sandbox = await createSandbox({
      provision: {
        portals: [
          {
            portalId: PORTAL_ID,
            tier: 'professional',
            timeZone: 'Europe/Berlin',
            tokens: [{ token, appId: APP_ID, scopes: SINK_SCOPES }],
          },
        ],
      },
    });

    const mongoUri = uniqueDatabaseUri('me_sink');
    const mongo = await connectStore({ uri: mongoUri, logger: silentLogger });
    await ensureIndexes(mongo);
    const keys = `k1:${randomBytes(32).toString('base64')}`;
    const cipher = createTokenCipher({
      keys: new Map([['k1', Buffer.from(keys.slice(3), 'base64')]]),
      activeKeyId: 'k1',
    });

    const harness = new Harness(sandbox, mongo, createModels(mongo), cipher, token, {
      ...options,
      mongoUri,
      keys,
    });
    await harness.createTopics(options.partitions ?? 2);
    return harness;
  }

  private async createTopics(partitions: number): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.ensureTopics([
        { topic: this.topics.bookings, partitions },
        { topic: this.topics.events, partitions },
        { topic: this.topics.configChanges, partitions: 1 },
      ]);
    } finally {
      await admin.disconnect();
    }
  }

  /** Stores a healthy connection with the marketing events feature, its token encrypted. */
  async seedConnection(
    options: {
      accountId?: string;
      token?: string;
      features?: { marketingEvents: boolean };
      statusMapping?: Record<string, string>;
    } = {},
  ): Promise<void> {
    const token = options.token ?? this.token;
    await this.models.Connection.create({
      accountId: options.accountId ?? ACCOUNT_ID,
      portalId: PORTAL_ID,
      appId: APP_ID,
      token: this.cipher.encryptToken(token),
      tokenFingerprint: tokenFingerprint(token),
      tokenLast4: tokenLast4(token),
      scopes: SINK_SCOPES,
      features: {
        contactImport: false,
        marketingEvents: options.features?.marketingEvents ?? true,
        customObjects: false,
      },
      statusMapping: new Map(Object.entries(options.statusMapping ?? {})),
      portalTimeZone: 'Europe/Berlin',
      health: { state: 'healthy', since: new Date(), checkedAt: new Date() },
    });
  }

  /** Saves a new token on the connection as the connector API does, and announces the change. */
  async saveToken(token: string, accountId = ACCOUNT_ID): Promise<void> {
    await this.models.Connection.updateOne(
      { accountId },
      {
        $set: {
          token: this.cipher.encryptToken(token),
          tokenFingerprint: tokenFingerprint(token),
          tokenLast4: tokenLast4(token),
        },
      },
    );
    await this.announce(accountId, 'connection.updated');
  }

  /** Activates the workspace and, when given, events, at `activatedAt`. */
  async activate(
    eventIds: readonly string[],
    options: { accountId?: string; workspaceId?: string; activatedAt?: Date } = {},
  ): Promise<void> {
    const accountId = options.accountId ?? ACCOUNT_ID;
    const workspaceId = options.workspaceId ?? WORKSPACE_ID;
    const activatedAt = options.activatedAt ?? ACTIVATED_AT;
    await this.models.Activation.updateOne(
      { accountId, workspaceId, eventId: null },
      { $setOnInsert: { level: 'workspace', activatedAt, deactivatedAt: null } },
      { upsert: true },
    );
    for (const eventId of eventIds) {
      await this.models.Activation.create({
        accountId,
        workspaceId,
        eventId,
        level: 'event',
        activatedAt,
        deactivatedAt: null,
      });
    }
  }

  /** Produces a config change for the account, as the connector API does after a change. */
  async announce(accountId: string, change: ConfigChangeKind): Promise<void> {
    await this.produce(this.topics.configChanges, [
      {
        key: accountId,
        value: { schemaVersion: 1, accountId, change, occurredAt: new Date().toISOString() },
      },
    ]);
  }

  async produceBookings(
    bookings: readonly (BookingRecord | { key: string; value: string | object })[],
  ): Promise<void> {
    await this.produce(
      this.topics.bookings,
      bookings.map((booking) =>
        'bookingId' in booking ? { key: booking.eventId, value: booking } : booking,
      ),
    );
  }

  async produceEvents(events: readonly EventRecord[]): Promise<void> {
    await this.produce(
      this.topics.events,
      events.map((event) => ({ key: event.eventId, value: event })),
    );
  }

  async produce(
    topic: string,
    records: readonly { key: string; value: string | object; partition?: number }[],
  ): Promise<void> {
    const producer = this.kafka.producer();
    await producer.connect();
    try {
      await producer.send(
        records.map((record) => ({
          topic,
          key: record.key,
          value: typeof record.value === 'string' ? record.value : JSON.stringify(record.value),
          ...(record.partition === undefined ? {} : { partition: record.partition }),
        })),
      );
    } finally {
      await producer.disconnect();
    }
    this.producedCounts.set(topic, this.produced(topic) + records.length);
  }

  /** Number of records this harness produced to `topic`. */
  produced(topic: string): number {
    return this.producedCounts.get(topic) ?? 0;
  }

  /** Starts a sink in this process; it is stopped by `close`. */
  async startSink(extraEnv: Record<string, string> = {}): Promise<RunningSink> {
    const { config } = loadConfig(sinkEnvSchema, { ...this.env, ...extraEnv });
    const sink = await startSink({
      config,
      logger: createLogger({ service: 'marketing-event-sink', level: config.LOG_LEVEL }),
      registry: createMetrics('marketing-event-sink'),
      onFatalError: (error) => testLogger.error({ err: error }, 'sink runtime failed in test'),
    });
    this.sinks.push(sink);
    return sink;
  }

  /** Stops every sink started so far. */
  async stopSinks(): Promise<void> {
    const sinks = this.sinks.splice(0);
    await Promise.all(sinks.map((sink) => sink.stop()));
  }

  /** Reads every participation of an event back through HubSpot's public breakdown endpoint. */
  async participations(
    eventId: string,
    accountId = ACCOUNT_ID,
    token = this.token,
  ): Promise<Map<string, { state: string; occurredAt: number }>> {
    const found = new Map<string, { state: string; occurredAt: number }>();
    let after: string | undefined;
    do {
      const query = new URLSearchParams({ limit: '100', ...(after === undefined ? {} : { after }) });
      const path = `/marketing/v3/marketing-events/participations/${encodeURIComponent(accountId)}/${encodeURIComponent(eventId)}/breakdown`;
      const response = await fetch(`${this.sandbox.url}${path}?${query}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (response.status === 404) {
        return found;
      }
      if (!response.ok) {
        throw new Error(`breakdown read failed with ${response.status}: ${await response.text()}`);
      }
      const body = (await response.json()) as {
        results: {
          properties: { attendanceState: string; occurredAt: number };
          associations: { contact: { email: string } };
        }[];
        paging?: { next?: { after?: string } };
      };
      for (const item of body.results) {
        found.set(item.associations.contact.email, {
          state: item.properties.attendanceState,
          occurredAt: item.properties.occurredAt,
        });
      }
      after = body.paging?.next?.after;
    } while (after !== undefined);
    return found;
  }

  /** Reads a marketing event by its external ids; undefined when HubSpot has none. */
  async marketingEvent(
    eventId: string,
    accountId = ACCOUNT_ID,
  ): Promise<Record<string, unknown> | undefined> {
    const path = `/marketing/v3/marketing-events/events/${encodeURIComponent(eventId)}?externalAccountId=${encodeURIComponent(accountId)}`;
    const response = await fetch(`${this.sandbox.url}${path}`, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    if (response.status === 404) {
      return undefined;
    }
    if (!response.ok) {
      throw new Error(`marketing event read failed with ${response.status}: ${await response.text()}`);
    }
    return (await response.json()) as Record<string, unknown>;
  }

  /** Number of marketing events of the portal with this external event id, read through the list endpoint. */
  async marketingEventCount(eventId: string): Promise<number> {
    let count = 0;
    let after: string | undefined;
    do {
      const query = new URLSearchParams({ limit: '100', ...(after === undefined ? {} : { after }) });
      const response = await fetch(`${this.sandbox.url}/marketing/v3/marketing-events/?${query}`, {
        headers: { authorization: `Bearer ${this.token}` },
      });
      const body = (await response.json()) as {
        results: { externalEventId?: string }[];
        paging?: { next?: { after?: string } };
      };
      count += body.results.filter((event) => event.externalEventId === eventId).length;
      after = body.paging?.next?.after;
    } while (after !== undefined);
    return count;
  }

  /** Reads `count` records of a topic from the start, e.g. a dead-letter topic, as parsed JSON values. */
  async readTopic(topic: string, count: number, timeoutMs = 30_000): Promise<Record<string, unknown>[]> {
    const values: Record<string, unknown>[] = [];
    const consumer = this.kafka.consumer({ groupId: uniqueName('me-sink-reader') });
    await consumer.connect();
    try {
      await consumer.subscribe([topic]);
      await consumer.run({
        eachBatch: async (batch, control) => {
          for (const record of batch.records) {
            values.push(JSON.parse(record.value?.toString('utf8') ?? 'null') as Record<string, unknown>);
            control.resolveOffset(record.offset);
          }
        },
      });
      await waitFor(() => values.length >= count, `${count} records arrived on ${topic}`, timeoutMs);
    } finally {
      await consumer.stop();
      await consumer.disconnect();
    }
    return values;
  }

  /** Attendance calls the sandbox received (every `.../attendance/...` POST). */
  attendanceCalls(status?: number): number {
    return this.sandbox.admin.requests({
      path: '/marketing/v3/marketing-events/attendance/**',
      method: 'POST',
      ...(status === undefined ? {} : { status }),
    }).length;
  }

  /** Stops every sink started here, the sandbox and the database connection, and drops the database. */
  async close(): Promise<void> {
    await Promise.allSettled(this.sinks.map((sink) => sink.stop()));
    await this.sandbox.close();
    await this.mongo.dropDatabase().catch(() => undefined);
    await this.mongo.close();
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = await admin.partitionCounts(
        Object.values(this.topics).flatMap((topic) => [
          topic,
          `${topic}.retry.1`,
          `${topic}.retry.2`,
          `${topic}.retry.3`,
          `${topic}.dlq`,
        ]),
      );
      await admin.deleteTopics([...existing.keys()]);
    } finally {
      await admin.disconnect();
    }
  }
}

let bookingSequence = 0;

/** Builds a valid booking record; the event ends in 2030 so HubSpot never derives NO_SHOW. */
export function booking(overrides: Partial<BookingRecord> & { email?: string } = {}): BookingRecord {
  bookingSequence += 1;
  const eventId = overrides.eventId ?? 'evt-1';
  const { email, ...rest } = overrides;
  return {
    schemaVersion: 1,
    type: 'booking.created',
    bookingId: `bk-${bookingSequence}`,
    accountId: ACCOUNT_ID,
    workspaceId: WORKSPACE_ID,
    eventId,
    contact: {
      id: `c-${bookingSequence}`,
      email: email ?? `p${bookingSequence}@example.test`,
      firstName: 'Ada',
      lastName: 'Lovelace',
    },
    status: 'registered',
    version: 1,
    occurredAt: new Date(Date.UTC(2025, 5, 1, 10, 0, 0) + bookingSequence * 1000).toISOString(),
    event: eventSnapshot(eventId),
    ...rest,
  };
}

/** Builds a valid event snapshot that starts and ends in 2030. */
export function eventSnapshot(eventId: string): BookingRecord['event'] {
  return {
    id: eventId,
    name: `Event ${eventId}`,
    startsAt: '2030-04-10T17:00:00Z',
    endsAt: '2030-04-10T18:00:00Z',
    timeZone: 'Europe/Berlin',
  };
}

/** Builds a valid event record. */
export function eventRecord(overrides: Partial<EventRecord> = {}): EventRecord {
  const eventId = overrides.eventId ?? 'evt-1';
  return {
    schemaVersion: 1,
    type: 'event.created',
    accountId: ACCOUNT_ID,
    workspaceId: WORKSPACE_ID,
    eventId,
    event: eventSnapshot(eventId),
    version: 1,
    occurredAt: '2025-06-01T09:00:00Z',
    ...overrides,
  };
}

/** Polls `check` until it returns true, failing after `timeoutMs` with `message`. */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  message: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting until ${message}`);
}
