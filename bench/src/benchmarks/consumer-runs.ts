import { bookingRecordSchema } from '@oniva-hubspot/contracts';
import { createKafkajsClient, outcome, SinkRuntime, type KafkaLogger } from '@oniva-hubspot/kafka';

import type { BenchKafka } from '../harness/kafka.js';
import { sleep } from '../harness/processes.js';
import { NaiveConsumer, type NaiveTarget } from '../naive/naive-consumer.js';

/** Figures of one consumer over one topic. */
export interface ConsumerRun {
  /** Distinct records processed in the measured span: the whole topic when `complete`. */
  records: number;
  /** Records handed to the handler, redeliveries included. */
  handled: number;
  /** Milliseconds from the first processed record to the end of the measured span. */
  spanMs: number;
  /** Milliseconds from start until the first record arrived: group join and first fetch. */
  joinMs: number;
  /** True when every record was processed and committed; false when the run was cut at its time limit. */
  complete: boolean;
  /** HubSpot calls made (naive consumer only). */
  hubspotCalls: number;
}

/** Records per second of a run. */
export function recordsPerSecond(run: ConsumerRun): number {
  return run.spanMs > 0 ? (run.records / run.spanMs) * 1000 : Number.NaN;
}

/**
 * Consumes `topic` with the project's consumer runtime (`SinkRuntime` from `@oniva-hubspot/kafka`)
 * and a handler that marks every record applied without calling anything. The span ends when the
 * group's committed offsets reach the end of the topic, polled every 50 ms.
 */
export async function runRuntimeConsumer(input: {
  kafka: BenchKafka;
  brokers: readonly string[];
  topic: string;
  groupId: string;
  partitionsConsumedConcurrently: number;
  timeoutMs: number;
  /** Records in the topic. */
  topicRecords: number;
}): Promise<ConsumerRun & { batches: number; problems: Map<string, number> }> {
  let firstAtMs: number | undefined;
  let handled = 0;
  let batches = 0;
  const problems = new Map<string, number>();
  const logger = countingLogger(problems);
  const runtime = new SinkRuntime({
    client: createKafkajsClient({ brokers: input.brokers, clientId: 'bench-runtime', logger }),
    logger,
    groupId: input.groupId,
    sourceTopic: input.topic,
    schema: bookingRecordSchema,
    partitionsConsumedConcurrently: input.partitionsConsumedConcurrently,
    handler: async (batch) => {
      firstAtMs ??= Date.now();
      handled += batch.length;
      batches += 1;
      return batch.map(() => outcome.applied());
    },
  });

  const startedAtMs = Date.now();
  await runtime.start();
  try {
    const committedAtMs = await input.kafka.waitForCommitted({
      groupId: input.groupId,
      topic: input.topic,
      timeoutMs: input.timeoutMs,
      pollMs: 50,
    });
    const first = firstAtMs ?? committedAtMs;
    return {
      records: input.topicRecords,
      handled,
      spanMs: committedAtMs - first,
      joinMs: first - startedAtMs,
      complete: true,
      hubspotCalls: 0,
      batches,
      problems,
    };
  } finally {
    await runtime.stop();
  }
}

/**
 * Consumes `topic` with the naive baseline. A run ends when the group has committed the whole
 * topic, or `maxSeconds` after the first record. The span of a run cut that way ends at its last
 * processed record.
 */
export async function runNaiveConsumer(input: {
  kafka: BenchKafka;
  topic: string;
  groupId: string;
  target: NaiveTarget;
  maxSeconds: number;
  timeoutMs: number;
}): Promise<ConsumerRun> {
  const consumer = new NaiveConsumer({
    kafka: input.kafka.kafka,
    groupId: input.groupId,
    target: input.target,
  });
  const startedAtMs = Date.now();
  const deadline = startedAtMs + input.timeoutMs;
  await consumer.start(input.topic);
  try {
    for (;;) {
      const progress = consumer.progress;
      if (progress.firstAtMs !== null && Date.now() - progress.firstAtMs >= input.maxSeconds * 1000) {
        return {
          records: progress.processed,
          handled: progress.processed,
          spanMs: (progress.lastAtMs ?? progress.firstAtMs) - progress.firstAtMs,
          joinMs: progress.firstAtMs - startedAtMs,
          complete: false,
          hubspotCalls: progress.hubspotCalls,
        };
      }
      if (progress.firstAtMs !== null && (await input.kafka.lag(input.groupId, input.topic)) === 0) {
        const committedAtMs = Date.now();
        return {
          records: consumer.progress.processed,
          handled: consumer.progress.processed,
          spanMs: committedAtMs - progress.firstAtMs,
          joinMs: progress.firstAtMs - startedAtMs,
          complete: true,
          hubspotCalls: consumer.progress.hubspotCalls,
        };
      }
      if (Date.now() > deadline) {
        return {
          records: progress.processed,
          handled: progress.processed,
          spanMs:
            progress.firstAtMs === null ? 0 : (progress.lastAtMs ?? progress.firstAtMs) - progress.firstAtMs,
          joinMs: progress.firstAtMs === null ? Number.NaN : progress.firstAtMs - startedAtMs,
          complete: false,
          hubspotCalls: progress.hubspotCalls,
        };
      }
      await sleep(50);
    }
  } finally {
    await consumer.stop();
  }
}

/** Returns a logger that drops debug and info entries and counts warnings and errors by message. */
function countingLogger(counts: Map<string, number>): KafkaLogger {
  const count = (_fields: object, message: string): void => {
    counts.set(message, (counts.get(message) ?? 0) + 1);
  };
  const logger: KafkaLogger = {
    debug: () => {},
    info: () => {},
    warn: count,
    error: count,
    child: () => logger,
  };
  return logger;
}
