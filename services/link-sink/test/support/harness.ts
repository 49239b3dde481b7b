import { randomBytes } from 'node:crypto';

import type { ConfigChangeKind, LinkRecord } from '@oniva-hubspot/contracts';
import { createSandbox, type Sandbox } from '@oniva-hubspot/hubspot-sandbox';
import { createKafkajsClient, silentLogger, type KafkaClient } from '@oniva-hubspot/kafka';
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

import { loadLinkSinkConfig } from '../../src/config.js';
import { startLinkSink, type RunningLinkSink } from '../../src/sink.js';

/** Scopes of a token that may create the link schema and write links and contacts. */
export const FULL_SCOPES = [
  'crm.schemas.custom.read',
  'crm.schemas.custom.write',
  'crm.objects.custom.read',
  'crm.objects.custom.write',
  'crm.objects.contacts.write',
];

export const ACTIVATED_AT = new Date('2025-01-01T00:00:00Z');
const LOG = process.env.LINK_SINK_TEST_LOG === '1';

/** A portal of the sandbox and the token the connection of `accountId` uses for it. */
export interface TestPortal {
  portalId: number;
  accountId: string;
  token: string;
}

/** Link record as HubSpot stores it, read back through the public API. */
export interface StoredLink {
  id: string;
  properties: Record<string, string | null>;
  contactIds: string[];
}

/**
 * Real Kafka and FerretDB with unique names, plus an in-process HubSpot sandbox, for one test
 * file. Helpers seed connections and activations, produce links, start the sink in this process
 * and read HubSpot back through its public API.
 */
export class LinkSinkHarness {
  readonly kafka: KafkaClient;
  readonly topics: { links: string; configChanges: string };
  readonly #env: Record<string, string>;
  readonly #sinks: RunningLinkSink[] = [];

  private constructor(
    readonly sandbox: Sandbox,
    readonly mongo: MongooseConnection,
    readonly models: StoreModels,
    readonly cipher: TokenCipher,
    env: { mongoUri: string; keys: string },
  ) {
    const servers = testServers();
    this.kafka = createKafkajsClient({
      brokers: servers.kafkaBrokers,
      clientId: 'link-sink-test',
      retries: 3,
      initialRetryTimeMs: 100,
      maxRetryTimeMs: 1_000,
    });
    const base = uniqueName('links');
    this.topics = { links: `${base}.links`, configChanges: `${base}.config` };
    this.#env = {
      KAFKA_BROKERS: servers.kafkaBrokers.join(','),
      CONSUMER_GROUP: `${base}.sink`,
      MONGODB_URI: env.mongoUri,
      HUBSPOT_BASE_PATH: sandbox.url,
      TOKEN_ENCRYPTION_KEYS: env.keys,
      TOKEN_ENCRYPTION_ACTIVE_KEY_ID: 'k1',
      LINKS_TOPIC: this.topics.links,
      CONFIG_CHANGES_TOPIC: this.topics.configChanges,
      RETRY_TIER_DELAYS: '300ms,1s,2s',
      KAFKA_MAX_WAIT: '100ms',
      HUBSPOT_TIMEOUT: '3s',
      HEALTH_RECOVERY_INTERVAL: '1s',
      CONFIG_CACHE_TTL: '30s',
      LOG_LEVEL: LOG ? 'debug' : 'silent',
      SHUTDOWN_TIMEOUT: '15s',
    };
  }

  /** Starts the sandbox (no portals yet), a fresh database and the test's topics. */
  static async create(): Promise<LinkSinkHarness> {
    const sandbox = await createSandbox({ provision: { portals: [] } });
    const mongoUri = uniqueDatabaseUri('link_sink');
    const mongo = await connectStore({ uri: mongoUri, logger: silentLogger });
    await ensureIndexes(mongo);
    const key = randomBytes(32);
    const cipher = createTokenCipher({ keys: new Map([['k1', key]]), activeKeyId: 'k1' });

    const harness = new LinkSinkHarness(sandbox, mongo, createModels(mongo), cipher, {
      mongoUri,
      keys: `k1:${key.toString('base64')}`,
    });
    const admin = harness.kafka.admin();
    await admin.connect();
    try {
      await admin.ensureTopics([
        { topic: harness.topics.links, partitions: 2 },
        { topic: harness.topics.configChanges, partitions: 1 },
      ]);
    } finally {
      await admin.disconnect();
    }
    return harness;
  }

  /**
   * Adds a sandbox portal with a token, and stores the account's healthy connection to it with
   * the Custom Objects feature on, its workspace `ws-1` activated at `ACTIVATED_AT`.
   */
  async addPortal(options: {
    portalId: number;
    accountId: string;
    tier: 'enterprise' | 'professional';
    scopes?: string[];
  }): Promise<TestPortal> {
    const token = `pat-na1-${randomBytes(12).toString('hex')}`;
    const scopes = options.scopes ?? FULL_SCOPES;
    this.sandbox.admin.addPortal({
      portalId: options.portalId,
      tier: options.tier,
      timeZone: 'Europe/Berlin',
      tokens: [{ token, appId: 7, scopes }],
    });
    await this.models.Connection.create({
      accountId: options.accountId,
      portalId: options.portalId,
      appId: 7,
      token: this.cipher.encryptToken(token),
      tokenFingerprint: tokenFingerprint(token),
      tokenLast4: tokenLast4(token),
      scopes,
      features: { contactImport: false, marketingEvents: false, customObjects: true },
      portalTimeZone: 'Europe/Berlin',
      health: { state: 'healthy', since: new Date(), checkedAt: new Date() },
    });
    await this.models.Activation.create({
      accountId: options.accountId,
      workspaceId: 'ws-1',
      eventId: null,
      level: 'workspace',
      activatedAt: ACTIVATED_AT,
    });
    return { portalId: options.portalId, accountId: options.accountId, token };
  }

  /** Activates events of the account's workspace `ws-1` at `activatedAt`. */
  async activateEvents(
    accountId: string,
    eventIds: readonly string[],
    activatedAt = ACTIVATED_AT,
  ): Promise<void> {
    for (const eventId of eventIds) {
      await this.models.Activation.create({
        accountId,
        workspaceId: 'ws-1',
        eventId,
        level: 'event',
        activatedAt,
      });
    }
  }

  /** Produces links keyed by event id, as Oniva does, in the given order. */
  async produceLinks(links: readonly LinkRecord[]): Promise<void> {
    await this.#produce(
      this.topics.links,
      links.map((link) => ({ key: link.eventId, value: JSON.stringify(link) })),
    );
  }

  /** Produces a config change of the account, as the connector API does after a change. */
  async announce(accountId: string, change: ConfigChangeKind): Promise<void> {
    const value = { schemaVersion: 1, accountId, change, occurredAt: new Date().toISOString() };
    await this.#produce(this.topics.configChanges, [{ key: accountId, value: JSON.stringify(value) }]);
  }

  /** Starts a link sink in this process; `close` stops it. */
  async startSink(): Promise<RunningLinkSink> {
    const { config } = loadLinkSinkConfig(this.#env);
    const sink = await startLinkSink({
      config,
      logger: createLogger({ service: 'link-sink', level: config.LOG_LEVEL }),
      registry: createMetrics('link-sink'),
      onFatalError: (error) => console.error('link sink stopped in a test', error),
    });
    this.#sinks.push(sink);
    return sink;
  }

  /** Reads the portal's link schema from HubSpot; undefined when it has none. */
  async linkSchema(portal: TestPortal): Promise<{ objectTypeId: string } | undefined> {
    const body = (await this.#get(portal, '/crm-object-schemas/v3/schemas')) as {
      results: { name: string; objectTypeId: string }[];
    };
    return body.results.find((schema) => schema.name === 'oniva_event_link');
  }

  /** Reads a link's record by its unique link id, with its associated contacts; undefined when absent. */
  async storedLink(
    portal: TestPortal,
    objectTypeId: string,
    linkId: string,
  ): Promise<StoredLink | undefined> {
    const query = new URLSearchParams({
      idProperty: 'oniva_link_id',
      properties: 'oniva_link_id,url,oniva_event_id,contact_email',
      associations: 'contacts',
    });
    const body = (await this.#get(portal, `/crm/v3/objects/${objectTypeId}/${linkId}?${query}`)) as
      | {
          id: string;
          properties: Record<string, string | null>;
          associations?: { contacts?: { results: { id: string }[] } };
        }
      | undefined;
    if (body === undefined) {
      return undefined;
    }
    const contactIds = (body.associations?.contacts?.results ?? []).map((result) => result.id);
    return { id: body.id, properties: body.properties, contactIds: [...new Set(contactIds)] };
  }

  /** Ids of the link records associated with a contact, read from the contact's side (v4). */
  async linksOfContact(portal: TestPortal, objectTypeId: string, email: string): Promise<string[]> {
    const contact = this.sandbox.admin.contactByEmail(portal.portalId, email);
    if (contact === undefined) {
      return [];
    }
    const body = (await this.#get(
      portal,
      `/crm/v4/objects/contacts/${contact.id}/associations/${objectTypeId}`,
    )) as { results: { toObjectId: string | number }[] } | undefined;
    return (body?.results ?? []).map((result) => String(result.toObjectId));
  }

  /** Reads `count` records of a topic from its start, as parsed JSON values. */
  async readTopic(topic: string, count: number, timeoutMs = 20_000): Promise<Record<string, unknown>[]> {
    const values: Record<string, unknown>[] = [];
    const consumer = this.kafka.consumer({ groupId: uniqueName('links-reader') });
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
      await waitFor(() => values.length >= count, `${count} records on ${topic}`, timeoutMs);
    } finally {
      await consumer.stop();
      await consumer.disconnect();
    }
    return values;
  }

  /** Stops the sinks and the sandbox, drops the database and deletes the test's topics. */
  async close(): Promise<void> {
    await Promise.allSettled(this.#sinks.map((sink) => sink.stop()));
    await this.sandbox.close();
    await this.mongo.dropDatabase().catch(() => undefined);
    await this.mongo.close();
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const names = [this.topics.links, this.topics.configChanges].flatMap((topic) => [
        topic,
        ...[1, 2, 3].map((tier) => `${topic}.retry.${tier}`),
        `${topic}.dlq`,
      ]);
      const existing = await admin.partitionCounts(names);
      await admin.deleteTopics([...existing.keys()]);
    } finally {
      await admin.disconnect();
    }
  }

  async #get(portal: TestPortal, path: string): Promise<unknown> {
    const response = await fetch(`${this.sandbox.url}${path}`, {
      headers: { authorization: `Bearer ${portal.token}` },
    });
    if (response.status === 404) {
      return undefined;
    }
    if (!response.ok) {
      throw new Error(`GET ${path} failed with ${response.status}: ${await response.text()}`);
    }
    return response.json();
  }

  async #produce(topic: string, records: readonly { key: string; value: string }[]): Promise<void> {
    const producer = this.kafka.producer();
    await producer.connect();
    try {
      await producer.send(records.map((record) => ({ topic, key: record.key, value: record.value })));
    } finally {
      await producer.disconnect();
    }
  }
}

/** Polls `condition` every 100 ms until it holds; throws naming `description` after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  description: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let sequence = 0;

/** Builds a valid `link.generated` record of `ws-1` that occurred after `ACTIVATED_AT`. */
export function link(overrides: Partial<LinkRecord> & { accountId: string; email: string }): LinkRecord {
  sequence += 1;
  const { email, ...rest } = overrides;
  return {
    schemaVersion: 1,
    type: 'link.generated',
    linkId: `lnk-${process.pid}-${sequence}`,
    workspaceId: 'ws-1',
    eventId: 'evt-1',
    contact: { id: `c-${sequence}`, email },
    url: `https://events.example.test/p/${sequence}`,
    version: 1,
    occurredAt: new Date(Date.UTC(2025, 5, 1) + sequence * 1_000).toISOString(),
    ...rest,
  };
}
