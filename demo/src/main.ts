import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeRecord, bookingRecordSchema, eventRecordSchema, TOPICS } from '@oniva-hubspot/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { generateBookingStream, type BookingStream } from './booking-stream.js';
import { ConnectorApi } from './connector-api.js';
import { readParticipations, readSandboxFigures } from './hubspot-readback.js';
import { freePort, startProcess, stopAll, waitUntilReady, type DemoProcess } from './processes.js';
import { printSummary, type EventResult } from './summary.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const provisioning = JSON.parse(readFileSync(path.join(root, 'demo/sandbox.json'), 'utf8')) as {
  portals: Array<{ portalId: number; tokens: Array<{ token: string }> }>;
};
const portalId = provisioning.portals[0]!.portalId;
const hubspotToken = provisioning.portals[0]!.tokens[0]!.token;

const kafkaBrokers = (
  process.env.KAFKA_BROKERS ?? `127.0.0.1:${process.env.ONIVA_KAFKA_PORT ?? '39092'}`
).split(',');
const mongoServer =
  process.env.MONGODB_URI ?? `mongodb://127.0.0.1:${process.env.ONIVA_MONGODB_PORT ?? '37017'}/`;
const participants = Number(process.env.DEMO_PARTICIPANTS ?? 2000);
const convergenceTimeoutMs = Number(process.env.DEMO_TIMEOUT_MS ?? 300_000);

/**
 * Runs the main job end to end on the local stack. It starts the HubSpot sandbox and every service,
 * connects an Oniva account through the connector API and produces a booking stream to Kafka. Then
 * it waits until HubSpot converges, prints what arrived, and returns 1 on any difference.
 */
async function main(): Promise<number> {
  const runId = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const accountId = `acc-demo-${runId}`;
  const workspaceId = 'ws-berlin';
  const database = `oniva_demo_${runId}`;
  const logDir = path.join(root, '.stack', 'demo-logs');
  await dropOldDemoDatabases(database);

  const ports = { sandbox: await freePort(), api: await freePort() };
  const sandboxUrl = `http://127.0.0.1:${ports.sandbox}`;
  const operatorKey = randomBytes(24).toString('hex');
  const sharedEnv = {
    KAFKA_BROKERS: kafkaBrokers.join(','),
    MONGODB_URI: `${mongoServer.replace(/\/?$/, '/')}${database}`,
    HUBSPOT_BASE_PATH: sandboxUrl,
    TOKEN_ENCRYPTION_KEYS: `demo1:${randomBytes(32).toString('base64')}`,
    TOKEN_ENCRYPTION_ACTIVE_KEY_ID: 'demo1',
    LOG_LEVEL: 'info',
  };

  const processes: DemoProcess[] = [];
  try {
    step(
      `starting the HubSpot sandbox on ${sandboxUrl} (portal ${portalId}, Professional tier: 190 calls per 10 s)`,
    );
    const sandbox = startProcess({
      name: 'hubspot-sandbox',
      command: [
        'node',
        '--import',
        'tsx',
        'libs/hubspot-sandbox/src/cli.ts',
        '--port',
        String(ports.sandbox),
        '--provision',
        'demo/sandbox.json',
        '--log-level',
        'warn',
      ],
      env: {},
      cwd: root,
      logDir,
    });
    processes.push(sandbox);
    await waitUntilReady(sandbox, `${sandboxUrl}/_sandbox/portals`);

    // Oniva owns its topics; on the local stack the demo creates them as Oniva's platform would.
    await ensureOnivaTopics();

    step('starting connector-api, marketing-event-sink, importer and link-sink');
    const services = await startServices({ sharedEnv, operatorKey, apiPort: ports.api, logDir });
    processes.push(...services);

    const api = new ConnectorApi(`http://127.0.0.1:${ports.api}`);
    step(`connecting Oniva account ${accountId} to HubSpot through the connector API`);
    const apiKey = await api.createApiKey(operatorKey, accountId);
    const connection = await api.createConnection(apiKey, accountId, hubspotToken);
    console.log(
      `  connection: portal ${connection.portalId}, token …${connection.token.last4}, scopes ${connection.scopes.length}`,
    );

    const eventIds = ['event-1', 'event-2', 'event-3'];
    await api.activateWorkspace(apiKey, accountId, workspaceId);
    for (const eventId of eventIds) await api.activateEvent(apiKey, accountId, workspaceId, eventId);
    console.log(`  activated workspace ${workspaceId} and ${eventIds.length} events`);
    // Generated after the activation: records that occurred before it are not transferred.
    const stream = generateBookingStream({
      accountId,
      workspaceId,
      participants,
      eventCount: eventIds.length,
    });

    step(
      `producing ${stream.events.length} events and ${stream.bookings.length} booking records (${participants} participants, duplicates and out-of-order versions included)`,
    );
    await produce(stream);

    step('waiting for HubSpot to converge');
    const startedAt = Date.now();
    const results = await waitForConvergence({ stream, accountId, sandboxUrl, startedAt });
    const figures = await readSandboxFigures(sandboxUrl, portalId);
    const ok = printSummary({
      results,
      figures,
      bookings: stream.bookings.length,
      elapsedMs: Date.now() - startedAt,
    });
    console.log(`\nService logs: ${logDir}`);
    return ok ? 0 : 1;
  } finally {
    await stopAll(processes);
  }
}

async function startServices(input: {
  sharedEnv: Record<string, string>;
  operatorKey: string;
  apiPort: number;
  logDir: string;
}): Promise<DemoProcess[]> {
  const definitions: Array<{ name: string; env: Record<string, string>; readyPath: string }> = [
    {
      name: 'connector-api',
      env: { PORT: String(input.apiPort), OPERATOR_API_KEY: input.operatorKey },
      readyPath: '/readyz',
    },
    { name: 'marketing-event-sink', env: {}, readyPath: '/readyz' },
    { name: 'importer', env: {}, readyPath: '/readyz' },
    { name: 'link-sink', env: {}, readyPath: '/readyz' },
  ];
  const started: DemoProcess[] = [];
  for (const definition of definitions) {
    const opsPort = await freePort();
    const child = startProcess({
      name: definition.name,
      command: ['node', `services/${definition.name}/dist/main.js`],
      env: { ...input.sharedEnv, OPS_PORT: String(opsPort), ...definition.env },
      cwd: root,
      logDir: input.logDir,
    });
    started.push(child);
    const port = definition.name === 'connector-api' ? input.apiPort : opsPort;
    await waitUntilReady(child, `http://127.0.0.1:${port}${definition.readyPath}`);
    console.log(`  ${definition.name} ready (pid ${child.child.pid})`);
  }
  return started;
}

async function produce(stream: BookingStream): Promise<void> {
  const kafka = new Kafka({
    clientId: 'oniva-demo-producer',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    await producer.send({
      topic: TOPICS.events,
      messages: stream.events.map((event) => ({
        key: event.eventId,
        value: encodeRecord(eventRecordSchema, event),
      })),
    });
    // Chunks of 200 keep each produce request small; the sink still fetches large batches.
    for (let start = 0; start < stream.bookings.length; start += 200) {
      const chunk = stream.bookings.slice(start, start + 200);
      await producer.send({
        topic: TOPICS.bookings,
        messages: chunk.map((booking) => ({
          key: booking.eventId,
          value: encodeRecord(bookingRecordSchema, booking),
        })),
      });
    }
  } finally {
    await producer.disconnect();
  }
}

async function waitForConvergence(input: {
  stream: BookingStream;
  accountId: string;
  sandboxUrl: string;
  startedAt: number;
}): Promise<EventResult[]> {
  const byEvent = new Map<string, BookingStream['expected']>();
  for (const participant of input.stream.expected) {
    byEvent.set(participant.eventId, [...(byEvent.get(participant.eventId) ?? []), participant]);
  }

  let results: EventResult[] = [];
  for (;;) {
    results = [];
    for (const event of input.stream.events) {
      const states = await readParticipations({
        baseUrl: input.sandboxUrl,
        token: hubspotToken,
        externalAccountId: input.accountId,
        externalEventId: event.eventId,
      });
      const expected = byEvent.get(event.eventId) ?? [];
      const mismatches = expected.filter(
        (participant) => states.get(participant.email) !== participant.state,
      );
      results.push({ eventId: event.eventId, name: event.event.name, expected, states, mismatches });
    }
    const matched = results.reduce(
      (sum, result) => sum + result.expected.length - result.mismatches.length,
      0,
    );
    const elapsed = ((Date.now() - input.startedAt) / 1000).toFixed(0);
    const perEvent = results
      .map((r) => `${r.eventId} ${r.expected.length - r.mismatches.length}/${r.expected.length}`)
      .join(', ');
    console.log(
      `  ${elapsed}s: ${matched}/${input.stream.expected.length} participants in their final state (${perEvent})`,
    );
    if (matched === input.stream.expected.length) return results;
    if (Date.now() - input.startedAt > convergenceTimeoutMs) return results;
    await new Promise((resolve) => setTimeout(resolve, 3_000));
  }
}

async function ensureOnivaTopics(): Promise<void> {
  const kafka = new Kafka({
    clientId: 'oniva-demo-admin',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [TOPICS.bookings, TOPICS.events, TOPICS.links].filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await admin.createTopics({
        topics: missing.map((topic) => ({ topic, numPartitions: 3 })),
        waitForLeaders: true,
      });
    }
  } finally {
    await admin.disconnect();
  }
}

async function dropOldDemoDatabases(keep: string): Promise<void> {
  const client = await MongoClient.connect(mongoServer, { serverSelectionTimeoutMS: 5_000 });
  try {
    const { databases } = await client.db().admin().listDatabases();
    for (const { name } of databases) {
      if (name.startsWith('oniva_demo_') && name !== keep) await client.db(name).dropDatabase();
    }
  } finally {
    await client.close();
  }
}

function step(message: string): void {
  console.log(`\n▶ ${message}`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`\nDemo failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
