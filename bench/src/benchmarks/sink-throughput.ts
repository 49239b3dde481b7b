import { round } from '../analysis/stats.js';
import type { Benchmark } from '../benchmark.js';
import { recordsPerSecond } from './consumer-runs.js';
import { runDrain } from './drain-run.js';
import { callsPerThousandTable, DRAIN_NOTES, drainRows } from './sink-drain.js';

/** Burst limit that never binds: HubSpot is not the limit in this benchmark. */
const UNLIMITED_BURST_MAX = 1_000_000;
/** The sink's required lead over the naive per-message consumer. */
const REQUIRED_FACTOR = 10;

/**
 * Drains a backlog with the whole marketing-event sink (ledger, marketing-event upserts, batched
 * attendance calls, transactions) while HubSpot does not limit. Then the naive consumer reads the
 * same backlog against a portal without a limit too, and the two are compared in records per
 * second.
 */
export const sinkThroughput: Benchmark = {
  name: 'sink-throughput',
  title: 'Marketing-event sink vs naive consumer with HubSpot not limiting',
  options: ['participants', 'events', 'partitions', 'naiveSeconds', 'hubspotLatencyMs', 'timeout'],
  async run(context, options) {
    const run = await runDrain(context, options, {
      burstMax: UNLIMITED_BURST_MAX,
      hubspotLatencyMs: options.hubspotLatencyMs,
    });
    const firstCallAtMs = run.sink.firstAtMs ?? run.sinkStartedAtMs;
    const sinkSpanMs = run.drainEndedAtMs - firstCallAtMs;
    const sinkRecords = run.records - run.bookingLag;
    const sinkRate = (sinkRecords / sinkSpanMs) * 1000;
    const naiveRate = recordsPerSecond(run.naive);
    const factor = sinkRate / naiveRate;

    return {
      parameters: {
        'booking records': run.records,
        participants: run.participants,
        events: options.events,
        partitions: options.partitions,
        'burst limit': `${UNLIMITED_BURST_MAX} per 10 s (not limiting)`,
        'latency added to each HubSpot call': `${options.hubspotLatencyMs} ms`,
      },
      tables: [
        {
          title: 'Drain of the backlog by the marketing-event sink',
          columns: ['figure', 'value'],
          rows: [
            ...drainRows(run),
            ['span from first call to drain complete', `${round(sinkSpanMs / 1000, 1)} s`],
          ],
        },
        {
          title: 'Records per second, same backlog, same run',
          columns: ['consumer', 'records', 'span s', 'records/s', 'whole backlog'],
          rows: [
            [
              'marketing-event sink',
              String(sinkRecords),
              round(sinkSpanMs / 1000, 1).toFixed(1),
              round(sinkRate, 1).toFixed(1),
              run.drained ? 'yes' : 'no, cut at --timeout',
            ],
            [
              'naive consumer, one attendance call per record',
              String(run.naive.records),
              round(run.naive.spanMs / 1000, 1).toFixed(1),
              round(naiveRate, 1).toFixed(1),
              run.naive.complete ? 'yes' : 'no, cut at the time limit',
            ],
            ['ratio sink ÷ naive', '', '', `${round(factor, 2)}×`, ''],
          ],
        },
        callsPerThousandTable(run, options.naiveSeconds, 'own portal without a limit'),
      ],
      targets: [
        {
          id: 'kafka-throughput',
          target: `whole sink ≥ ${REQUIRED_FACTOR}× the naive consumer, HubSpot not limiting`,
          measured: `${round(factor, 2)}× (${round(sinkRate, 1)} vs ${round(naiveRate, 1)} records/s)`,
          met: factor >= REQUIRED_FACTOR ? 'yes' : 'no',
          note: 'end to end through the built service, ledger and HubSpot calls included',
        },
      ],
      notes: [
        ...DRAIN_NOTES,
        "The sink's span starts at its first HubSpot call, which follows the first batch it fetched, and ends when the drain is seen complete (polled every 250 ms). The naive span starts at its first processed record.",
      ],
    };
  },
};
