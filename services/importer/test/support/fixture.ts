import { randomBytes } from 'node:crypto';

import type { DeepReadonly } from '@oniva-hubspot/config';
import type { ImportRequestRecord } from '@oniva-hubspot/contracts';
import { HubSpotGateway } from '@oniva-hubspot/hubspot-gateway';
import { createSandbox, type Sandbox } from '@oniva-hubspot/hubspot-sandbox';
import { createKafkajsClient, type KafkaClient } from '@oniva-hubspot/kafka';
import { createLogger, createMetrics, type Logger } from '@oniva-hubspot/observability';
import {
  connectStore,
  createModels,
  createTokenCipher,
  ensureIndexes,
  tokenFingerprint,
  tokenLast4,
  type StoreModels,
} from '@oniva-hubspot/store';
import { testServers, uniqueDatabaseUri, uniqueName } from '@oniva-hubspot/testing';
import type { Connection } from 'mongoose';

import { loadImporterConfig, type ImporterConfig } from '../../src/config.js';
import { CONTACT_IMPORT_SCOPES } from '../../src/run/failure.js';
import { startImporter, type ImporterService } from '../../src/service.js';
import { TopicCollector } from './collector.js';

const PORTAL_ID = 4242;

export interface FixtureOptions {
  /** Generated list members with valid emails. */
  generated: number;
  /** Memberships per page. */
  pageSize?: number;
  leaseDuration?: string;
}

/** Ids of the list's special members, each added to test one skip reason. */
export interface SpecialMembers {
  invalidEmail: string;
  missingEmail: string;
  deleted: string[];
}

/**
 * Test setup with one HubSpot portal, its token and one HubSpot connection in a fresh database,
 * plus fresh topics and a collector that reads them. The portal's list contains generated contacts,
 * one contact with an invalid email, one without email and two deleted after they joined the list.
 */
export class ImportFixture {
  readonly portalId = PORTAL_ID;
  readonly accountId = uniqueName('acc');
  readonly config: DeepReadonly<ImporterConfig>;
  private readonly services: ImporterService[] = [];
  private readonly closers: (() => Promise<unknown>)[] = [];

  private constructor(
    readonly sandbox: Sandbox,
    readonly token: string,
    readonly mongo: Connection,
    readonly models: StoreModels,
    readonly kafka: KafkaClient,
    readonly collector: TopicCollector,
    readonly list: { listId: string; generatedIds: string[]; special: SpecialMembers },
    readonly env: Record<string, string>,
  ) {
    this.config = loadImporterConfig(env).config;
  }

  get listId(): string {
    return this.list.listId;
  }

  get generatedIds(): string[] {
    return this.list.generatedIds;
  }

  get special(): SpecialMembers {
    return this.list.special;
  }

  static async create(options: FixtureOptions): Promise<ImportFixture> {
    const { kafkaBrokers } = testServers();
    const token = `pat-na1-${randomBytes(8).toString('hex')}`;
    const sandbox = await createSandbox({
      provision: {
        portals: [
          {
            portalId: PORTAL_ID,
            tier: 'professional',
            tokens: [{ token, appId: 7, scopes: CONTACT_IMPORT_SCOPES }],
            lists: [
              {
                name: 'Attendees',
                contacts: [
                  { email: 'ada..lovelace@example.com', firstname: 'Invalid' },
                  { firstname: 'NoEmail' },
                  { email: 'gone.one@example.com', firstname: 'Gone' },
                  { email: 'gone.two@example.com', firstname: 'Gone' },
                ],
                generate: options.generated,
                properties: { company: 'Analytical Engines' },
              },
            ],
          },
        ],
      },
    });
    const list = sandbox.admin.lists(PORTAL_ID)[0]!;
    const ids = sandbox.context
      .contacts(PORTAL_ID)
      .page(undefined, 100_000)
      .map((contact) => contact.id);
    const [invalidEmail, missingEmail, goneOne, goneTwo, ...generatedIds] = ids as [
      string,
      string,
      string,
      string,
      ...string[],
    ];
    sandbox.admin.deleteContacts(PORTAL_ID, [goneOne, goneTwo]);

    const keyMaterial = randomBytes(32).toString('base64');
    const env: Record<string, string> = {
      KAFKA_BROKERS: kafkaBrokers.join(','),
      MONGODB_URI: uniqueDatabaseUri('importer'),
      HUBSPOT_BASE_PATH: sandbox.url,
      TOKEN_ENCRYPTION_KEYS: `test:${keyMaterial}`,
      TOKEN_ENCRYPTION_ACTIVE_KEY_ID: 'test',
      KAFKA_CLIENT_ID: uniqueName('importer'),
      CONSUMER_GROUP: uniqueName('importer'),
      CONSUMER_SESSION_TIMEOUT: '6s',
      IMPORT_REQUESTS_TOPIC: uniqueName('import-requests'),
      CONTACT_IMPORTS_TOPIC: uniqueName('contact-imports'),
      ACCOUNT_IMPORTS_TOPIC: uniqueName('account-imports'),
      IMPORT_STATUS_TOPIC: uniqueName('import-status'),
      TOPIC_PARTITIONS: '3',
      IMPORT_PAGE_SIZE: String(options.pageSize ?? 50),
      IMPORT_LEASE_DURATION: options.leaseDuration ?? '3s',
      IMPORT_SCAN_INTERVAL: '300ms',
      IMPORT_PAGE_ATTEMPTS: '2',
      OPS_PORT: '0',
      LOG_LEVEL: process.env.IMPORTER_TEST_LOG === '1' ? 'debug' : 'silent',
    };

    const mongo = await connectStore({ uri: env.MONGODB_URI!, logger: testLogger() });
    await ensureIndexes(mongo);
    const models = createModels(mongo);
    const kafka = createKafkajsClient({ brokers: kafkaBrokers, clientId: 'importer-test' });
    await ensureTopics(kafka, env);
    const collector = new TopicCollector(kafkaBrokers, [
      env.CONTACT_IMPORTS_TOPIC!,
      env.ACCOUNT_IMPORTS_TOPIC!,
      env.IMPORT_STATUS_TOPIC!,
    ]);
    await collector.start();

    const special = { invalidEmail, missingEmail, deleted: [goneOne, goneTwo] };
    const fixture = new ImportFixture(
      sandbox,
      token,
      mongo,
      models,
      kafka,
      collector,
      { listId: list.listId, generatedIds, special },
      env,
    );
    await fixture.storeConnection(fixture.accountId, token);
    return fixture;
  }

  /** Number of list members, deleted ones included. */
  get memberCount(): number {
    return this.generatedIds.length + 4;
  }

  /** Starts an importer in this process; it is stopped by `close`. */
  async startImporter(owner?: string): Promise<ImporterService> {
    const registry = createMetrics('importer');
    const logger = testLogger();
    const gateway = new HubSpotGateway({ basePath: this.sandbox.url, mongo: this.mongo, registry, logger });
    const service = await startImporter({
      config: this.config,
      mongo: this.mongo,
      kafka: createKafkajsClient({
        brokers: [...this.config.KAFKA_BROKERS],
        clientId: this.config.KAFKA_CLIENT_ID,
      }),
      gateway,
      registry,
      logger,
      ...(owner === undefined ? {} : { owner }),
      onFatalError: (error) => logger.error({ err: error }, 'request consumer stopped'),
    });
    this.services.push(service);
    this.closers.push(async () => gateway.close());
    return service;
  }

  /** Publishes an import request, as the connector API does after storing the run. */
  async requestImport(
    request: Partial<ImportRequestRecord> & Pick<ImportRequestRecord, 'mode'>,
    options: { storeRun?: boolean } = {},
  ): Promise<string> {
    const importId = uniqueName('imp');
    const record = {
      schemaVersion: 1,
      importId,
      accountId: this.accountId,
      target: 'event-contacts',
      workspaceId: 'ws-1',
      eventId: 'evt-1',
      listId: this.listId,
      fieldMapping: [
        { hubspotProperty: 'firstname', onivaField: 'firstName' },
        { hubspotProperty: 'lastname', onivaField: 'lastName' },
        { hubspotProperty: 'company', onivaField: 'company' },
      ],
      requestedAt: new Date().toISOString(),
      ...request,
    } as ImportRequestRecord;

    if (options.storeRun ?? true) {
      const { importId: id, accountId, schemaVersion: _version, requestedAt: _at, ...requestFields } = record;
      await this.models.ImportRun.create({
        importId: id,
        accountId,
        request: requestFields,
        state: 'queued',
      });
    }
    const producer = this.kafka.producer();
    await producer.connect();
    try {
      await producer.send([
        { topic: this.config.IMPORT_REQUESTS_TOPIC, key: importId, value: JSON.stringify(record) },
      ]);
    } finally {
      await producer.disconnect();
    }
    return importId;
  }

  /** Waits until the run reaches a final state and returns its document. */
  async finishedRun(importId: string, timeoutMs = 40_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const run = await this.models.ImportRun.findOne({ importId }).lean().exec();
      if (run !== null && ['completed', 'failed', 'cancelled'].includes(run.state)) return run;
      if (Date.now() > deadline)
        throw new Error(`Import ${importId} did not finish within ${timeoutMs} ms (state ${run?.state})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async close(): Promise<void> {
    for (const service of this.services.splice(0)) await service.stop().catch(() => undefined);
    for (const closer of this.closers.splice(0)) await closer().catch(() => undefined);
    await this.collector.stop().catch(() => undefined);
    await this.sandbox.close();
    await this.mongo.dropDatabase().catch(() => undefined);
    await this.mongo.close();
  }

  /** Stores a HubSpot connection for `accountId` with `token`, encrypted as the connector API does. */
  async storeConnection(accountId: string, token: string, features = { contactImport: true }): Promise<void> {
    const keyMaterial = this.env.TOKEN_ENCRYPTION_KEYS!.slice('test:'.length);
    const cipher = createTokenCipher({
      keys: new Map([['test', Buffer.from(keyMaterial, 'base64')]]),
      activeKeyId: 'test',
    });
    await this.models.Connection.updateOne(
      { accountId },
      {
        $set: {
          portalId: this.portalId,
          appId: 7,
          token: cipher.encryptToken(token),
          tokenFingerprint: tokenFingerprint(token),
          tokenLast4: tokenLast4(token),
          scopes: CONTACT_IMPORT_SCOPES,
          features: { marketingEvents: false, customObjects: false, ...features },
          health: { state: 'healthy' },
        },
      },
      { upsert: true },
    );
  }
}

function testLogger(): Logger {
  return createLogger({
    service: 'importer-test',
    level: process.env.IMPORTER_TEST_LOG === '1' ? 'debug' : 'silent',
  });
}

async function ensureTopics(kafka: KafkaClient, env: Record<string, string>): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const names = [
      env.IMPORT_REQUESTS_TOPIC!,
      env.CONTACT_IMPORTS_TOPIC!,
      env.ACCOUNT_IMPORTS_TOPIC!,
      env.IMPORT_STATUS_TOPIC!,
    ];
    await admin.ensureTopics(names.map((topic) => ({ topic, partitions: 3 })));
  } finally {
    await admin.disconnect();
  }
}
