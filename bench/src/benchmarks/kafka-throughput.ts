import { percentile, round } from '../analysis/stats.js';
import type { Benchmark } from '../benchmark.js';
import { generateBenchStream } from '../harness/booking-input.js';
import { benchPortal, benchToken, SandboxProcess } from '../harness/sandbox.js';
import { recordsPerSecond, runNaiveConsumer, runRuntimeConsumer, type ConsumerRun } from './consumer-runs.js';

const NAIVE_PORTAL_ID = 5101;
const NAIVE_APP_ID = 9101;

/** The consumer runtime's required lead over the naive per-message consumer. */
const REQUIRED_FACTOR = 10;

/**
 * Produces a backlog of booking records and consumes it three times in the same run, one consumer
 * after the other. The consumers are the consumer runtime with a handler that calls nothing, the
 * naive consumer doing nothing per message, and the naive consumer making one HubSpot attendance
 * call per message against a sandbox portal without a rate limit.
 */
export const kafkaThroughput: Benchmark = {
  name: 'kafka-throughput',
  title: 'Kafka-side throughput: consumer runtime vs naive consumer',
  options: ['records', 'events', 'partitions', 'rounds', 'naiveSeconds', 'hubspotLatencyMs', 'timeout'],
  async run(context, options) {
    // The consumers under test run inside the benchmark process, so it is sampled too.
    context.rss.watch('benchmark process (the consumers under test)', process.pid);
    const topic = context.topic('bookings');
    await context.kafka.createTopics([topic], options.partitions);
    const stream = generateBenchStream({
      accountId: 'acc-bench',
      participants: Math.ceil(options.records / 2),
      eventCount: options.events,
      activatedAt: new Date(),
    });
    const records = stream.bookingRecords.slice(0, options.records);
    const bytes = records.reduce((sum, record) => sum + record.value.length, 0);
    const produceStartedAt = Date.now();
    await context.kafka.produce(topic, records);
    const produceMs = Date.now() - produceStartedAt;
    const timeoutMs = options.timeout * 1000;

    const sandbox = await SandboxProcess.start({
      name: 'hubspot-sandbox',
      logDirectory: context.logDirectory,
    });
    context.track(sandbox.process);
    await sandbox.provision([benchPortal({ portalId: NAIVE_PORTAL_ID, appIds: [NAIVE_APP_ID] })]);
    await sandbox.setBurstLimit(NAIVE_PORTAL_ID, 1_000_000);
    if (options.hubspotLatencyMs > 0) {
      await sandbox.addLatency(NAIVE_PORTAL_ID, options.hubspotLatencyMs);
    }

    // Each round reads the whole backlog again with new consumer groups; the rounds show how much
    // the ratio moves with the machine's other load.
    const rounds: Round[] = [];
    for (let roundNumber = 1; roundNumber <= options.rounds; roundNumber += 1) {
      const runtime = await runRuntimeConsumer({
        kafka: context.kafka,
        brokers: context.servers.kafkaBrokers,
        topic,
        groupId: context.group(`runtime-${roundNumber}`),
        partitionsConsumedConcurrently: 2,
        timeoutMs,
        topicRecords: records.length,
      });
      const naiveIdle = await runNaiveConsumer({
        kafka: context.kafka,
        topic,
        groupId: context.group(`naive-none-${roundNumber}`),
        target: { kind: 'none' },
        maxSeconds: options.timeout,
        timeoutMs,
      });
      const naiveHubSpot = await runNaiveConsumer({
        kafka: context.kafka,
        topic,
        groupId: context.group(`naive-hubspot-${roundNumber}`),
        target: {
          kind: 'hubspot',
          basePath: sandbox.url,
          accessToken: benchToken(NAIVE_PORTAL_ID, NAIVE_APP_ID),
        },
        maxSeconds: options.naiveSeconds,
        timeoutMs,
      });
      rounds.push({ runtime, naiveIdle, naiveHubSpot });
    }

    const factors = rounds.map(
      ({ runtime, naiveHubSpot }) => recordsPerSecond(runtime) / recordsPerSecond(naiveHubSpot),
    );
    const medianFactor = percentile(factors, 50);
    const problems = new Map<string, number>();
    for (const { runtime } of rounds) {
      for (const [message, count] of runtime.problems) {
        problems.set(message, (problems.get(message) ?? 0) + count);
      }
    }
    return {
      parameters: {
        records: records.length,
        'average record bytes': Math.round(bytes / records.length),
        partitions: options.partitions,
        events: options.events,
        rounds: options.rounds,
        'runtime partitionsConsumedConcurrently': 2,
        'latency added to each HubSpot call': `${options.hubspotLatencyMs} ms`,
      },
      tables: [
        {
          title: 'Consumers of the same backlog, one after the other, per round',
          columns: [
            'round',
            'consumer',
            'per record',
            'records',
            'handled (redeliveries included)',
            'span s',
            'records/s',
            'join s',
            'whole backlog',
          ],
          rows: rounds.flatMap(({ runtime, naiveIdle, naiveHubSpot }, index) => [
            row(
              index + 1,
              'consumer runtime (SinkRuntime), transactions per batch',
              'nothing (handler returns applied)',
              runtime,
            ),
            row(index + 1, 'naive: kafkajs eachMessage, auto-commit', 'nothing', naiveIdle),
            row(
              index + 1,
              'naive: kafkajs eachMessage, auto-commit',
              'one HubSpot attendance call (sandbox, no rate limit)',
              naiveHubSpot,
            ),
          ]),
        },
        {
          title: 'Ratios per round',
          columns: [
            'round',
            'runtime ÷ naive with one HubSpot call per record',
            'runtime ÷ naive doing nothing per record',
          ],
          rows: rounds.map(({ runtime, naiveIdle }, index) => [
            String(index + 1),
            `${round(factors[index]!, 1)}×`,
            `${round(recordsPerSecond(runtime) / recordsPerSecond(naiveIdle), 2)}×`,
          ]),
        },
      ],
      targets: [
        {
          id: 'kafka-throughput',
          target: `consumer runtime ≥ ${REQUIRED_FACTOR}× the naive per-message consumer`,
          measured: `median ${round(medianFactor, 1)}× of ${rounds.length} rounds (${factors.map((factor) => `${round(factor, 1)}×`).join(', ')})`,
          met: medianFactor >= REQUIRED_FACTOR ? 'yes' : 'no',
          note: 'runtime with a handler that calls nothing, against the naive consumer as the baseline is defined (one HubSpot call per booking)',
        },
      ],
      notes: [
        `Warnings and errors the runtime logged, by message and count over all rounds: ${describeProblems(problems)}.`,
        `Producing the backlog took ${round(produceMs / 1000, 1)} s (${Math.round((records.length / produceMs) * 1000)} records/s, idempotent producer, acks -1, 500 records per request).`,
        'A span starts at the first record a consumer receives, so group joins are left out. It ends when the committed offsets reach the end of the topic, or at the last processed record of a naive run cut at its time limit.',
        'The runtime validates every record with the zod schema, and commits each batch in a Kafka transaction together with its retry and dead-letter records; the naive consumer parses JSON, validates with the same schema, and auto-commits.',
        'The sandbox runs in its own process on the same machine; the naive consumer waits for each call before the next message.',
      ],
    };
  },
};

/** The three consumers of one round. */
interface Round {
  runtime: Awaited<ReturnType<typeof runRuntimeConsumer>>;
  naiveIdle: ConsumerRun;
  naiveHubSpot: ConsumerRun;
}

function row(roundNumber: number, consumer: string, perRecord: string, run: ConsumerRun): string[] {
  return [
    String(roundNumber),
    consumer,
    perRecord,
    String(run.records),
    String(run.handled),
    round(run.spanMs / 1000, 2).toFixed(2),
    String(Math.round(recordsPerSecond(run))),
    round(run.joinMs / 1000, 1).toFixed(1),
    run.complete ? 'yes' : 'no, cut at the time limit',
  ];
}

function describeProblems(problems: ReadonlyMap<string, number>): string {
  if (problems.size === 0) {
    return 'none';
  }
  return [...problems].map(([message, count]) => `"${message}" × ${count}`).join(', ');
}
