/**
 * Runs benchmarks against the local stack and servers it starts on 127.0.0.1, stores each result in
 * bench/results/<name>.json and rewrites the generated parts of docs/benchmarks.md.
 *
 *   npm run bench -w @oniva-hubspot/bench -- <benchmark...|all|report> [flags]
 */
import type { Benchmark } from './benchmark.js';
import { BENCHMARKS } from './benchmarks/index.js';
import { describeCommit } from './environment/machine.js';
import { BenchError } from './errors.js';
import { RunContext } from './harness/run-context.js';
import { benchOptionsSchema, flagName, parseCommandLine, type BenchOptions } from './options.js';
import { saveResult, type BenchResult } from './report/results.js';
import { writeReportPage } from './report/write-page.js';

/** The run in progress, closed on SIGINT or SIGTERM so that no started process outlives the benchmark. */
let currentContext: RunContext | undefined;

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(
      `\n${signal} received: stopping the benchmark's processes and deleting its topics and database`,
    );
    const context = currentContext;
    const closing = context?.close() ?? Promise.resolve();
    closing.then(
      () => process.exit(130),
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        console.error(
          `Cleanup failed: ${message}. Topics bench.${context?.runId}.* and database ${context?.database} may be left; ` +
            'delete them by hand or ignore them, because later runs use other names.',
        );
        process.exit(130);
      },
    );
  });
}

async function main(): Promise<number> {
  const { names, options } = parseCommandLine(process.argv.slice(2));
  if (names.length === 0 || names.includes('help')) {
    console.log(helpText());
    return names.length === 0 ? 2 : 0;
  }
  if (names.length === 1 && names[0] === 'report') {
    console.log(`Wrote ${await writeReportPage()}`);
    return 0;
  }

  const selected = names.includes('all') ? BENCHMARKS : names.map(findBenchmark);
  for (const benchmark of selected) {
    const result = await runBenchmark(benchmark, options);
    console.log(`\n${result.name}: stored ${await saveResult(result)}`);
    for (const target of result.targets) {
      console.log(`  ${target.target}: ${target.measured} (met: ${target.met})`);
    }
    if (options.report) {
      console.log(`  rewrote ${await writeReportPage()}`);
    }
  }
  return 0;
}

async function runBenchmark(benchmark: Benchmark, options: BenchOptions): Promise<BenchResult> {
  console.log(`\n▶ ${benchmark.name}: ${benchmark.title}`);
  const startedAt = new Date();
  const commit = describeCommit();
  const context = await RunContext.open(benchmark.name, { keep: options.keep });
  currentContext = context;
  console.log(`  run id ${context.runId}; process logs in ${context.logDirectory}`);
  try {
    const output = await benchmark.run(context, options);
    return {
      ...resultIdentity(benchmark, options),
      command: commandOf(benchmark, options),
      startedAt: startedAt.toISOString().replace(/\.\d+Z$/, 'Z'),
      durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
      machine: context.machine,
      commit,
      bundles: context.bundles,
      load: context.load.figures(),
      memory: context.rss.figures(),
      ...output,
    };
  } finally {
    currentContext = undefined;
    await context.close();
  }
}

/**
 * Returns the name and title a run is stored under. A run with HubSpot latency added is a variant
 * with its own result, so it does not replace the run against the sandbox as it is.
 */
function resultIdentity(benchmark: Benchmark, options: BenchOptions): { name: string; title: string } {
  const latencyMs = options.hubspotLatencyMs;
  if (!benchmark.options.includes('hubspotLatencyMs') || latencyMs === 0) {
    return { name: benchmark.name, title: benchmark.title };
  }
  return {
    name: `${benchmark.name}-hubspot-latency-${latencyMs}`,
    title: `${benchmark.title}, ${latencyMs} ms added to each HubSpot call`,
  };
}

/** Returns the command that repeats a run: the benchmark name and the value of every flag it reads. */
function commandOf(benchmark: Benchmark, options: BenchOptions): string {
  const flags = benchmark.options.map((option) => `${flagName(option)} ${String(options[option])}`);
  return ['npm run bench -w @oniva-hubspot/bench --', benchmark.name, ...flags].join(' ');
}

function findBenchmark(name: string): Benchmark {
  const benchmark = BENCHMARKS.find((candidate) => candidate.name === name);
  if (benchmark === undefined) {
    throw new BenchError(
      'BENCH_ERR_INVALID_OPTIONS',
      `Unknown benchmark "${name}"; choose from ${BENCHMARKS.map((entry) => entry.name).join(', ')}, all or report.`,
    );
  }
  return benchmark;
}

function helpText(): string {
  const defaults = benchOptionsSchema.parse({});
  const lines = [
    'Usage: npm run bench -w @oniva-hubspot/bench -- <benchmark...|all|report> [flags]',
    '',
    'Benchmarks:',
    ...BENCHMARKS.map((benchmark) => `  ${benchmark.name.padEnd(18)} ${benchmark.title}`),
    `  ${'all'.padEnd(18)} every benchmark above, in this order`,
    `  ${'report'.padEnd(18)} rewrite docs/benchmarks.md from bench/results/*.json only`,
    '',
    'Flags (defaults in brackets):',
    `  --records <n>              kafka-throughput: booking records in the backlog [${defaults.records}]`,
    `  --participants <n>         sink benchmarks: participants in the generated stream, about 2.5 records each [${defaults.participants}]`,
    `  --events <n>               Oniva events the participants are spread over [${defaults.events}]`,
    `  --partitions <n>           partitions of the booking topic [${defaults.partitions}]`,
    `  --rounds <n>               kafka-throughput: times each consumer reads the backlog [${defaults.rounds}]`,
    `  --rate <n>                 latency: booking records produced per second [${defaults.rate}]`,
    `  --duration <s>             latency: seconds of production [${defaults.duration}]`,
    `  --naive-seconds <s>        max seconds of a naive consumer that calls HubSpot [${defaults.naiveSeconds}]`,
    `  --hubspot-latency-ms <ms>  kafka-throughput, sink-throughput: ms added to each sandbox call to model HubSpot's round trip; stored as its own result [${defaults.hubspotLatencyMs}]`,
    `  --contacts <n>             import: contacts in the HubSpot list [${defaults.contacts}]`,
    `  --timeout <s>              max seconds to wait for a drain or an import [${defaults.timeout}]`,
    "  --keep                     keep the run's topics and database",
    '  --no-report                do not rewrite docs/benchmarks.md',
    '',
    'Kafka and FerretDB come from the local stack (started if needed) or from KAFKA_BROKERS and',
    'MONGODB_URI, which must point at 127.0.0.1. Services run from services/<name>/dist: build',
    'them first with `npx turbo run build`.',
  ];
  return lines.join('\n');
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`\nBenchmark failed: ${message}`);
    if (!(error instanceof BenchError) && error instanceof Error && error.stack !== undefined) {
      console.error(error.stack);
    }
    process.exit(1);
  },
);
