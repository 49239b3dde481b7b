import { parseArgs } from 'node:util';

import { z } from 'zod';

import { BenchError } from './errors.js';

const count = (fallback: number, max: number) => z.coerce.number().int().min(1).max(max).default(fallback);

/** Flags of `npm run bench`; each benchmark reads the ones it needs. Defaults fit a 2-core machine. */
export const benchOptionsSchema = z.object({
  /** kafka-throughput: booking records to produce and consume. */
  records: count(50_000, 2_000_000),
  /** Sink benchmarks: participants of the generated stream (about 2.5 records each). */
  participants: count(2_000, 1_000_000),
  /** Oniva events the participants are spread over. */
  events: count(6, 1_000),
  /** kafka-throughput: times the backlog is read by each consumer. */
  rounds: count(3, 20),
  /** Partitions of the booking topic. */
  partitions: count(4, 64),
  /** latency: booking records produced per second. */
  rate: count(20, 10_000),
  /** latency: seconds of production. */
  duration: count(60, 3_600),
  /** Max seconds a naive consumer that calls HubSpot runs; its rate is taken over that time. */
  naiveSeconds: count(30, 3_600),
  /**
   * Milliseconds the sandbox waits before handling each HubSpot call, to model the round trip to
   * HubSpot's servers; 0 measures against the sandbox as it is, on loopback.
   */
  hubspotLatencyMs: z.coerce.number().int().min(0).max(10_000).default(0),
  /** import: contacts in the HubSpot list; the target names 100,000. */
  contacts: count(20_000, 1_000_000),
  /** Max seconds to wait for a drain or an import before the run fails. */
  timeout: count(900, 24 * 3_600),
  /** Keep the run's topics and database for inspection. */
  keep: z.boolean().default(false),
  /** Rewrite docs/benchmarks.md after the run. */
  report: z.boolean().default(true),
});

/** Parsed flags of `npm run bench`. */
export type BenchOptions = z.infer<typeof benchOptionsSchema>;

/** Option names as flags, e.g. `naiveSeconds` → `--naive-seconds`. */
export function flagName(option: string): string {
  return `--${option.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** Parses `argv` into benchmark names and options; throws `BENCH_ERR_INVALID_OPTIONS` naming the bad flag. */
export function parseCommandLine(argv: readonly string[]): { names: string[]; options: BenchOptions } {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        records: { type: 'string' },
        participants: { type: 'string' },
        events: { type: 'string' },
        partitions: { type: 'string' },
        rounds: { type: 'string' },
        rate: { type: 'string' },
        duration: { type: 'string' },
        'naive-seconds': { type: 'string' },
        'hubspot-latency-ms': { type: 'string' },
        contacts: { type: 'string' },
        timeout: { type: 'string' },
        keep: { type: 'boolean' },
        'no-report': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new BenchError(
      'BENCH_ERR_INVALID_OPTIONS',
      `${(error as Error).message}; run with --help for the flags.`,
    );
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    return { names: ['help'], options: benchOptionsSchema.parse({}) };
  }
  const result = benchOptionsSchema.safeParse({
    records: values.records,
    participants: values.participants,
    events: values.events,
    partitions: values.partitions,
    rounds: values.rounds,
    rate: values.rate,
    duration: values.duration,
    naiveSeconds: values['naive-seconds'],
    hubspotLatencyMs: values['hubspot-latency-ms'],
    contacts: values.contacts,
    timeout: values.timeout,
    keep: values.keep,
    report: values['no-report'] === true ? false : undefined,
  });
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${flagName(String(issue.path[0]))}: ${issue.message}`,
    );
    throw new BenchError('BENCH_ERR_INVALID_OPTIONS', `Invalid flags: ${problems.join('; ')}.`);
  }
  return { names: positionals, options: result.data };
}
