import type { ExpectedParticipation } from '@oniva-hubspot/demo';

import { generateBenchStream, BENCH_WORKSPACE_ID, type BenchStream } from '../harness/booking-input.js';
import type { ConnectorApiClient } from '../harness/connector-api.js';
import { sleep } from '../harness/processes.js';
import { countMismatches } from '../harness/read-back.js';
import type { RunContext } from '../harness/run-context.js';
import { benchPortal, benchToken, SandboxProcess, type RequestEntry } from '../harness/sandbox.js';
import {
  readMetrics,
  runTopics,
  ServiceLauncher,
  sumMetric,
  type RunningService,
  type RunTopics,
} from '../harness/services.js';

/** Portal the sink writes to, and the private app of the sink's token. */
export const SINK_PORTAL_ID = 4301;
export const SINK_APP_ID = 9001;
/** Portal of the naive baseline, so its calls and limits never mix with the sink's. */
export const NAIVE_PORTAL_ID = 4302;
export const NAIVE_APP_ID = 9101;

/** Oniva account of every sink benchmark. */
export const BENCH_ACCOUNT_ID = 'acc-bench';

/** The sandbox, the connector API and a connected, activated account, ready for the sink. */
export interface SinkScenario {
  sandbox: SandboxProcess;
  launcher: ServiceLauncher;
  api: ConnectorApiClient;
  topics: RunTopics;
  stream: BenchStream;
}

/**
 * Prepares a sink run. It creates the run's topics and starts the sandbox with the sink's and the
 * naive consumer's portals, whose burst limits are `sinkBurstMax` and `naiveBurstMax` (null keeps
 * the tier's 190 per 10 s). Then it starts the connector API, connects the account with the sink's
 * token, activates the workspace and every event, and generates the stream. Nothing is produced yet.
 */
export async function prepareSinkScenario(input: {
  context: RunContext;
  participants: number;
  eventCount: number;
  partitions: number;
  sinkBurstMax: number | null;
  naiveBurstMax: number | null;
  /** Delay added to every HubSpot call of both portals; default none. */
  hubspotLatencyMs?: number;
}): Promise<SinkScenario> {
  const { context } = input;
  const topics = runTopics(context);
  await context.kafka.createTopics([topics.bookings, topics.events], input.partitions);
  await context.kafka.createTopics(
    [
      topics.links,
      topics.configChanges,
      topics.importRequests,
      topics.contactImports,
      topics.accountImports,
      topics.importStatus,
    ],
    1,
  );

  const sandbox = await SandboxProcess.start({ name: 'hubspot-sandbox', logDirectory: context.logDirectory });
  context.track(sandbox.process);
  await sandbox.provision([
    benchPortal({ portalId: SINK_PORTAL_ID, appIds: [SINK_APP_ID] }),
    benchPortal({ portalId: NAIVE_PORTAL_ID, appIds: [NAIVE_APP_ID] }),
  ]);
  await sandbox.setBurstLimit(SINK_PORTAL_ID, input.sinkBurstMax);
  await sandbox.setBurstLimit(NAIVE_PORTAL_ID, input.naiveBurstMax);
  if (input.hubspotLatencyMs !== undefined && input.hubspotLatencyMs > 0) {
    await sandbox.addLatency(SINK_PORTAL_ID, input.hubspotLatencyMs);
    await sandbox.addLatency(NAIVE_PORTAL_ID, input.hubspotLatencyMs);
  }

  const launcher = new ServiceLauncher({ context, hubspotUrl: sandbox.url, topics });
  const api = await launcher.startApi();
  const apiKey = await api.createApiKey(launcher.operatorKey, BENCH_ACCOUNT_ID);
  await api.createConnection(apiKey, BENCH_ACCOUNT_ID, benchToken(SINK_PORTAL_ID, SINK_APP_ID));

  const eventIds = Array.from({ length: input.eventCount }, (_, index) => `event-${index + 1}`);
  await api.activate(apiKey, BENCH_ACCOUNT_ID, BENCH_WORKSPACE_ID, eventIds);
  // Records must occur after the activation; the stream starts a minute after this time.
  const stream = generateBenchStream({
    accountId: BENCH_ACCOUNT_ID,
    participants: input.participants,
    eventCount: input.eventCount,
    activatedAt: new Date(),
  });
  return { sandbox, launcher, api, topics, stream };
}

/** Group ids of the sink's two consumers, as the sink derives them from `KAFKA_GROUP_ID`. */
export function sinkGroups(context: RunContext): { bookings: string; events: string } {
  const base = context.group('marketing-event-sink');
  return { bookings: `${base}.bookings`, events: `${base}.events` };
}

/** Record outcomes the sink's metrics report. */
export interface SinkOutcomes {
  consumedFromSource: number;
  applied: number;
  skipped: number;
  retried: number;
  deadLettered: number;
  parked: number;
}

/** Result of waiting for the sink's drain. */
export interface DrainWait {
  /** False when `timeoutMs` passed first; the figures then cover the time until then. */
  drained: boolean;
  /** Epoch ms when the drain was seen complete, or when the wait gave up. */
  endedAtMs: number;
  outcomes: SinkOutcomes;
  /** Booking records not yet committed when the wait ended. */
  bookingLag: number;
}

/**
 * Waits until the sink has committed every booking and event record and consumed again every
 * record it sent to a retry tier. It polls every `pollMs` for at most `timeoutMs`, and returns
 * whether the drain completed, so that a slow run still yields its figures.
 */
export async function waitForSinkDrain(input: {
  context: RunContext;
  scenario: SinkScenario;
  sink: RunningService;
  timeoutMs: number;
  pollMs?: number;
}): Promise<DrainWait> {
  const { context, scenario } = input;
  const groups = sinkGroups(context);
  const deadline = Date.now() + input.timeoutMs;
  for (;;) {
    const [bookingLag, eventLag, metrics] = await Promise.all([
      context.kafka.lag(groups.bookings, scenario.topics.bookings),
      context.kafka.lag(groups.events, scenario.topics.events),
      readMetrics(input.sink.opsPort),
    ]);
    const consumedFromRetry = [...metrics]
      .filter(([key]) => key.startsWith('oniva_hubspot_records_consumed_total{') && key.includes('.retry.'))
      .reduce((sum, [, value]) => sum + value, 0);
    const outcomes: SinkOutcomes = {
      consumedFromSource: sumMetric(metrics, 'oniva_hubspot_records_consumed_total', {
        topic: scenario.topics.bookings,
      }),
      applied: sumMetric(metrics, 'oniva_hubspot_records_applied_total'),
      skipped: sumMetric(metrics, 'oniva_hubspot_records_skipped_total'),
      retried: sumMetric(metrics, 'oniva_hubspot_records_retried_total'),
      deadLettered: sumMetric(metrics, 'oniva_hubspot_records_dead_lettered_total'),
      parked: sumMetric(metrics, 'oniva_hubspot_records_parked_total'),
    };
    const drained = bookingLag === 0 && eventLag === 0 && consumedFromRetry >= outcomes.retried;
    if (drained || Date.now() >= deadline) {
      return { drained, endedAtMs: Date.now(), outcomes, bookingLag };
    }
    await sleep(input.pollMs ?? 250);
  }
}

/** Returns the sink app's calls to the sink portal received at or after `sinceMs`, oldest first. */
export async function sinkCalls(scenario: SinkScenario, sinceMs: number): Promise<RequestEntry[]> {
  const entries = await scenario.sandbox.requests({ portalId: SINK_PORTAL_ID });
  return entries.filter((entry) => entry.appId === SINK_APP_ID && entry.receivedAt >= sinceMs);
}

/**
 * Reads every participant back and returns how many differ from `expected` (default: the whole
 * stream's expectation). It uses the sink's token, because HubSpot shows a marketing event only to
 * the app that created it. Call it after reading the calls of the measured span, so the reads stay
 * out of the figures.
 */
export async function verifyParticipants(
  scenario: SinkScenario,
  expected: readonly ExpectedParticipation[] = scenario.stream.expected,
): Promise<{ checked: number; mismatches: number }> {
  return countMismatches({
    baseUrl: scenario.sandbox.url,
    token: benchToken(SINK_PORTAL_ID, SINK_APP_ID),
    accountId: BENCH_ACCOUNT_ID,
    expected,
  });
}
