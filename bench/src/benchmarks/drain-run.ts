import { summariseCalls, type CallSummary } from '../analysis/hubspot-calls.js';
import { maxInWindow } from '../analysis/stats.js';
import type { RunContext } from '../harness/run-context.js';
import { benchToken } from '../harness/sandbox.js';
import type { BenchOptions } from '../options.js';
import { runNaiveConsumer, type ConsumerRun } from './consumer-runs.js';
import {
  NAIVE_APP_ID,
  NAIVE_PORTAL_ID,
  prepareSinkScenario,
  sinkCalls,
  verifyParticipants,
  waitForSinkDrain,
  type SinkOutcomes,
} from './sink-scenario.js';

/** Figures of one backlog drained by the sink and read by the naive consumer. */
export interface DrainRun {
  records: number;
  participants: number;
  outcomes: SinkOutcomes;
  /** The sink app's calls after the sink started, until the drain completed. */
  sink: CallSummary;
  maxCallsInWindow: number;
  /** Epoch ms: sink process spawned; drain seen complete, or the wait gave up. */
  sinkStartedAtMs: number;
  drainEndedAtMs: number;
  /** False when the drain did not complete within `--timeout`. */
  drained: boolean;
  /** Booking records not committed when the wait ended. */
  bookingLag: number;
  verification: { checked: number; mismatches: number };
  naive: ConsumerRun;
  naiveCalls: CallSummary;
}

/**
 * Produces a backlog of booking records, starts the marketing-event sink and waits for the drain
 * for at most `--timeout`. Then it reads the sink's calls and the participants back, and runs the
 * naive consumer over the same topic for at most `--naive-seconds` against its own portal. Both
 * portals get the burst limit `burstMax` (null: the Professional 190 per 10 s) and
 * `hubspotLatencyMs` of delay per call.
 */
export async function runDrain(
  context: RunContext,
  options: BenchOptions,
  hubspot: { burstMax: number | null; hubspotLatencyMs: number },
): Promise<DrainRun> {
  const scenario = await prepareSinkScenario({
    context,
    participants: options.participants,
    eventCount: options.events,
    partitions: options.partitions,
    sinkBurstMax: hubspot.burstMax,
    naiveBurstMax: hubspot.burstMax,
    hubspotLatencyMs: hubspot.hubspotLatencyMs,
  });
  const { stream, topics } = scenario;
  await context.kafka.produce(topics.events, stream.eventRecords);
  await context.kafka.produce(topics.bookings, stream.bookingRecords);

  const sinkStartedAtMs = Date.now();
  const sink = await scenario.launcher.start('marketing-event-sink');
  const wait = await waitForSinkDrain({
    context,
    scenario,
    sink,
    timeoutMs: options.timeout * 1000,
  });
  const calls = await sinkCalls(scenario, sinkStartedAtMs);
  const verification = await verifyParticipants(scenario);

  const naive = await runNaiveConsumer({
    kafka: context.kafka,
    topic: topics.bookings,
    groupId: context.group('naive'),
    target: {
      kind: 'hubspot',
      basePath: scenario.sandbox.url,
      accessToken: benchToken(NAIVE_PORTAL_ID, NAIVE_APP_ID),
    },
    maxSeconds: options.naiveSeconds,
    timeoutMs: options.timeout * 1000,
  });
  const naiveCalls = summariseCalls(await scenario.sandbox.requests({ portalId: NAIVE_PORTAL_ID }));

  return {
    records: stream.bookingRecords.length,
    participants: stream.expected.length,
    outcomes: wait.outcomes,
    sink: summariseCalls(calls),
    maxCallsInWindow: maxInWindow(calls.map((entry) => entry.receivedAt)),
    sinkStartedAtMs,
    drainEndedAtMs: wait.endedAtMs,
    drained: wait.drained,
    bookingLag: wait.bookingLag,
    verification,
    naive,
    naiveCalls,
  };
}
