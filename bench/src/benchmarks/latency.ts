import { attendanceInputs, summariseCalls } from '../analysis/hubspot-calls.js';
import { matchLatencies, type ProducedBooking } from '../analysis/latency.js';
import { maxInWindow, percentile, PROFESSIONAL_BURST_MAX, round } from '../analysis/stats.js';
import type { Benchmark } from '../benchmark.js';
import { encodeBooking, expectedParticipations } from '../harness/booking-input.js';
import { sleep } from '../harness/processes.js';
import { prepareSinkScenario, sinkCalls, verifyParticipants, waitForSinkDrain } from './sink-scenario.js';

/** Max p99 from booking produced to HubSpot call, in milliseconds. */
const MAX_P99_MS = 2_000;
/** Production is paced in ticks of this length. */
const TICK_MS = 100;
/** Booking records per participant in the generated stream, about; sizes the stream for rate × duration. */
const RECORDS_PER_PARTICIPANT = 2.5;

/**
 * Starts the marketing-event sink against a Professional portal, then produces bookings at a
 * steady `--rate` for `--duration` seconds, each with `occurredAt` set to the moment it is sent.
 * Afterwards every record is matched to the first attendance call that reflects it, and the
 * time from sending to that call's arrival at the sandbox is the end-to-end latency.
 */
export const latency: Benchmark = {
  name: 'latency',
  title: 'End-to-end latency from booking produced to HubSpot call under steady load',
  options: ['rate', 'duration', 'events', 'partitions', 'timeout'],
  async run(context, options) {
    const total = options.rate * options.duration;
    const scenario = await prepareSinkScenario({
      context,
      participants: Math.ceil(total / RECORDS_PER_PARTICIPANT) + 10,
      eventCount: options.events,
      partitions: options.partitions,
      sinkBurstMax: null,
      naiveBurstMax: null,
    });
    const { stream, topics } = scenario;
    await context.kafka.produce(topics.events, stream.eventRecords);
    const sinkStartedAtMs = Date.now();
    const sink = await scenario.launcher.start('marketing-event-sink');
    // The sink is ready once its consumers run; give the group a moment to settle its assignment.
    await sleep(3_000);

    const bookings = stream.bookings.slice(0, total);
    const produced: ProducedBooking[] = [];
    const productionStartedAtMs = Date.now();
    let sent = 0;
    for (let tick = 1; sent < bookings.length; tick += 1) {
      const due = Math.min(bookings.length, Math.floor((tick * TICK_MS * options.rate) / 1000));
      const sentAtMs = Date.now();
      const chunk = bookings
        .slice(sent, due)
        .map((booking) => ({ ...booking, occurredAt: new Date(sentAtMs).toISOString() }));
      if (chunk.length > 0) {
        await context.kafka.produce(topics.bookings, chunk.map(encodeBooking));
        for (const booking of chunk) {
          produced.push({
            eventId: booking.eventId,
            email: booking.contact.email.toLowerCase(),
            occurredAtMs: sentAtMs,
            producedAtMs: sentAtMs,
          });
        }
        sent = due;
      }
      await sleep(Math.max(0, productionStartedAtMs + tick * TICK_MS - Date.now()));
    }
    const productionMs = Date.now() - productionStartedAtMs;

    const wait = await waitForSinkDrain({ context, scenario, sink, timeoutMs: options.timeout * 1000 });
    const calls = await sinkCalls(scenario, sinkStartedAtMs);
    const summary = summariseCalls(calls);
    const delivered = attendanceInputs(calls).filter((input) => input.status >= 200 && input.status < 300);
    const { latenciesMs, unmatched } = matchLatencies(produced, delivered);
    const verification = await verifyParticipants(scenario, expectedParticipations(bookings));

    const p99 = percentile(latenciesMs, 99);
    const seconds = (ms: number): string => `${round(ms / 1000, 2).toFixed(2)} s`;
    return {
      parameters: {
        'records per second': options.rate,
        'seconds of production': options.duration,
        events: options.events,
        partitions: options.partitions,
        'burst limit': `${PROFESSIONAL_BURST_MAX} per 10 s`,
      },
      tables: [
        {
          title: 'Latency from sending a booking to the HubSpot call that reflects it',
          columns: ['figure', 'value'],
          rows: [
            ['records produced', `${produced.length} in ${round(productionMs / 1000, 1)} s`],
            ['records matched to a call', String(latenciesMs.length)],
            ['records no call reflected (duplicates, versions older than one applied)', String(unmatched)],
            ['p50', seconds(percentile(latenciesMs, 50))],
            ['p95', seconds(percentile(latenciesMs, 95))],
            ['p99', seconds(p99)],
            ['max', seconds(Math.max(...latenciesMs))],
            [
              wait.drained
                ? 'drain complete after the last record was sent'
                : 'not drained after the last record was sent',
              `${seconds(wait.endedAtMs - productionStartedAtMs - productionMs)}${wait.drained ? '' : `, ${wait.bookingLag} records left`}`,
            ],
          ],
        },
        {
          title: 'HubSpot calls under this load',
          columns: ['figure', 'value'],
          rows: [
            ['HubSpot calls (sink app)', String(summary.total)],
            [
              'calls per 1,000 booking records',
              round((summary.total / Math.max(1, produced.length)) * 1000, 1).toFixed(1),
            ],
            [
              'inputs per attendance call',
              round(summary.attendanceInputs / Math.max(1, summary.attendanceCalls), 1).toFixed(1),
            ],
            ['max calls in any 10-s window', String(maxInWindow(calls.map((entry) => entry.receivedAt)))],
            ['429 responses', String(summary.rateLimited)],
            [
              'participants read back in their final state',
              `${verification.checked - verification.mismatches} of ${verification.checked}`,
            ],
          ],
        },
      ],
      targets: [
        {
          id: 'latency-p99',
          target: `p99 ≤ ${MAX_P99_MS / 1000} s at ${options.rate} records/s`,
          measured: wait.drained
            ? seconds(p99)
            : `${seconds(p99)} over matched records; ${wait.bookingLag} records never processed`,
          met: !wait.drained
            ? 'no'
            : latenciesMs.length === 0
              ? 'not measured'
              : p99 <= MAX_P99_MS
                ? 'yes'
                : 'no',
        },
        {
          id: 'calls-per-thousand',
          target: `≤ 15 calls per 1,000 bookings (steady ${options.rate} records/s)`,
          measured: round((summary.total / Math.max(1, produced.length)) * 1000, 1).toFixed(1),
          met: (summary.total / Math.max(1, produced.length)) * 1000 <= 15 ? 'yes' : 'no',
        },
      ],
      notes: [
        `Records are sent every ${TICK_MS} ms in small requests, with occurredAt set to the send time; the send time is taken just before each request, and the call time is when the sandbox received the call.`,
        'The sink, the connector API and the sandbox run as separate processes on the same machine as Kafka and FerretDB; the clocks are the same.',
      ],
    };
  },
};
