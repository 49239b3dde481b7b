import { ATTENDANCE_BATCH_MAX, BURST_WINDOW_MS, PROFESSIONAL_BURST_MAX, round } from '../analysis/stats.js';
import type { Benchmark } from '../benchmark.js';
import { runDrain, type DrainRun } from './drain-run.js';

/** Share of the rate-limit ceiling the drain must reach. */
const REQUIRED_EFFICIENCY = 0.95;
/** Max HubSpot calls per 1,000 booking records. */
const MAX_CALLS_PER_THOUSAND = 15;
/** Shortest drain whose efficiency is judged, because a shorter one fits in a few windows. */
const MIN_SPAN_TO_JUDGE_MS = 60_000;
/** Attendance inputs per second the limit allows when every call is full: 19 calls/s × 100 inputs. */
const CEILING_INPUTS_PER_SECOND = (PROFESSIONAL_BURST_MAX / (BURST_WINDOW_MS / 1000)) * ATTENDANCE_BATCH_MAX;

/**
 * Drains a backlog of bookings with the marketing-event sink into a Professional portal (190
 * calls per 10 s). It measures calls, inputs per call, calls per 10 s and 429s, and compares the
 * attendance inputs per second with the ceiling of full calls at the limit. The naive consumer
 * reads the same backlog against its own Professional portal, for calls per 1,000 bookings.
 */
export const sinkDrain: Benchmark = {
  name: 'sink-drain',
  title: 'Sink draining a backlog into a portal limited to 190 calls per 10 s',
  options: ['participants', 'events', 'partitions', 'naiveSeconds', 'timeout'],
  async run(context, options) {
    const run = await runDrain(context, options, { burstMax: null, hubspotLatencyMs: 0 });
    const { sink } = run;
    const spanMs = (sink.lastAtMs ?? 0) - (sink.firstAtMs ?? 0);
    const inputsPerSecond = spanMs > 0 ? (sink.attendanceInputs / spanMs) * 1000 : Number.NaN;
    const efficiency = inputsPerSecond / CEILING_INPUTS_PER_SECOND;
    const judged = spanMs >= MIN_SPAN_TO_JUDGE_MS;
    const sinkPerThousand = (sink.total / run.records) * 1000;
    const naivePerThousand =
      run.naive.records > 0 ? (run.naiveCalls.total / run.naive.records) * 1000 : Number.NaN;

    return {
      parameters: {
        'booking records': run.records,
        participants: run.participants,
        events: options.events,
        partitions: options.partitions,
        'burst limit': `${PROFESSIONAL_BURST_MAX} per 10 s`,
      },
      tables: [
        {
          title: 'Drain of the backlog by the marketing-event sink',
          columns: ['figure', 'value'],
          rows: [
            ...drainRows(run),
            ['span from first to last call', `${round(spanMs / 1000, 1)} s`],
            ['max calls in any 10-s window', String(run.maxCallsInWindow)],
            [
              'mean calls per 10 s over the span',
              round((sink.total / Math.max(1, spanMs)) * BURST_WINDOW_MS, 1).toFixed(1),
            ],
            ['attendance inputs per second over the span', round(inputsPerSecond, 1).toFixed(1)],
            [
              `efficiency: inputs per second ÷ ${CEILING_INPUTS_PER_SECOND} (the ceiling)`,
              `${round(efficiency * 100, 1)} %`,
            ],
          ],
        },
        callsPerThousandTable(run, options.naiveSeconds, 'own Professional portal'),
      ],
      targets: [
        {
          id: 'sink-efficiency',
          target: `≥ ${REQUIRED_EFFICIENCY * 100} % of the ceiling, zero 429`,
          measured: `${round(efficiency * 100, 1)} %, ${sink.rateLimited} × 429`,
          met: !judged
            ? 'not measured'
            : efficiency >= REQUIRED_EFFICIENCY && sink.rateLimited === 0
              ? 'yes'
              : 'no',
          ...(run.drained
            ? {}
            : { note: `the drain did not complete within --timeout ${options.timeout} s` }),
          ...(judged
            ? {}
            : {
                note: `the drain lasted under ${MIN_SPAN_TO_JUDGE_MS / 1000} s, too short to judge; raise --participants`,
              }),
        },
        {
          id: 'calls-per-thousand',
          target: `≤ ${MAX_CALLS_PER_THOUSAND} calls per 1,000 bookings (backlog)`,
          measured: `${round(sinkPerThousand, 1)} (naive: ${round(naivePerThousand, 1)})`,
          met: sinkPerThousand <= MAX_CALLS_PER_THOUSAND ? 'yes' : 'no',
        },
      ],
      notes: [
        ...DRAIN_NOTES,
        `Ceiling: ${PROFESSIONAL_BURST_MAX} calls per 10 s with every attendance call full (${ATTENDANCE_BATCH_MAX} inputs, the largest batch the sink sends and the sandbox accepts) carry ${CEILING_INPUTS_PER_SECOND} attendance inputs per second. Efficiency is the attendance inputs the sink sent per second over the span, divided by that.`,
      ],
    };
  },
};

/** Notes shared by the benchmarks that drain a backlog. */
export const DRAIN_NOTES = [
  "The backlog is produced before the sink starts. Calls are read from the sandbox request log and limited to the sink's private app after the sink started, so the connector API's token checks are left out; event upserts and every retry are counted.",
  'The naive consumer is kafkajs eachMessage with auto-commit and one attendance call per booking through @hubspot/api-client without retries; a failed call fails the message, and kafkajs delivers it again.',
  'Participants are read back through the public breakdown path after the drain, and after the calls of the drain were read from the log.',
];

/** Rows that describe a drain: outcomes, calls, inputs, 429s, time and the read-back. */
export function drainRows(run: DrainRun): string[][] {
  const { sink, outcomes } = run;
  return [
    ['records consumed from the booking topic (redeliveries included)', String(outcomes.consumedFromSource)],
    [
      'outcomes: applied / skipped / retried / dead-lettered / parked',
      `${outcomes.applied} / ${outcomes.skipped} / ${outcomes.retried} / ${outcomes.deadLettered} / ${outcomes.parked}`,
    ],
    ['HubSpot calls (sink app, after the sink started)', String(sink.total)],
    ['attendance calls / other calls', `${sink.attendanceCalls} / ${sink.otherCalls}`],
    ['attendance inputs', String(sink.attendanceInputs)],
    [
      'inputs per attendance call',
      round(sink.attendanceInputs / Math.max(1, sink.attendanceCalls), 1).toFixed(1),
    ],
    ['429 responses', String(sink.rateLimited)],
    [
      'sink start to drain complete (includes group join)',
      run.drained
        ? `${round((run.drainEndedAtMs - run.sinkStartedAtMs) / 1000, 1)} s`
        : `not complete after ${round((run.drainEndedAtMs - run.sinkStartedAtMs) / 1000, 1)} s: ${run.bookingLag} records left`,
    ],
    [
      'participants read back in their final state',
      `${run.verification.checked - run.verification.mismatches} of ${run.verification.checked}`,
    ],
  ];
}

/** Builds the calls-per-1,000 table of the sink's drain and the naive consumer's run. */
export function callsPerThousandTable(run: DrainRun, naiveSeconds: number, naivePortal: string) {
  const sinkPerThousand = (run.sink.total / run.records) * 1000;
  const naivePerThousand =
    run.naive.records > 0 ? (run.naiveCalls.total / run.naive.records) * 1000 : Number.NaN;
  return {
    title: 'HubSpot calls per 1,000 booking records, same backlog, same run',
    columns: ['consumer', 'records processed', 'HubSpot calls', 'calls per 1,000', '429 responses'],
    rows: [
      [
        'marketing-event sink (whole backlog)',
        String(run.records),
        String(run.sink.total),
        round(sinkPerThousand, 1).toFixed(1),
        String(run.sink.rateLimited),
      ],
      [
        `naive consumer (at most ${naiveSeconds} s, ${naivePortal})`,
        String(run.naive.records),
        String(run.naiveCalls.total),
        round(naivePerThousand, 1).toFixed(1),
        String(run.naiveCalls.rateLimited),
      ],
    ],
  };
}
