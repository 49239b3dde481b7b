import { describe, expect, it } from 'vitest';

import { KafkaError, outcome, silentLogger } from '../src/index.js';
import type { BatchHandler, FailedRecordStore, RecordOutcome } from '../src/index.js';
import { prepareBatch } from '../src/runtime/decode-stage.js';
import { callHandler } from '../src/runtime/handler-call.js';
import { resolveRuntimeOptions } from '../src/runtime/options.js';
import { isInfrastructureError } from '../src/runtime/sink-runtime.js';
import type { Thing } from './fixtures/thing.js';
import { thing, thingSchema } from './fixtures/thing.js';
import { batchControl, consumedRecord, testClientStub } from './unit-helpers.js';

const parkingStore = {} as FailedRecordStore;

async function call(
  handler: BatchHandler<Thing>,
  options: { store?: FailedRecordStore; control?: ReturnType<typeof batchControl> } = {},
) {
  const resolved = resolveRuntimeOptions<Thing>({
    client: testClientStub,
    groupId: 'group',
    sourceTopic: 'oniva.bookings.v1',
    schema: thingSchema,
    handler,
    heartbeatIntervalMs: 100,
    ...(options.store === undefined ? {} : { failedRecordStore: options.store }),
  });
  const prepared = prepareBatch({
    batch: {
      topic: 'oniva.bookings.v1',
      partition: 0,
      highWatermark: '3',
      records: [
        consumedRecord({ offset: '0', value: thing('a') }),
        consumedRecord({ offset: '1', value: '{"broken":' }),
        consumedRecord({ offset: '2', value: thing('c') }),
      ],
    },
    tier: 0,
    schema: thingSchema,
    maxRecordBytes: 1_024,
    now: Date.now(),
  });
  return callHandler({
    options: resolved,
    prepared: prepared.due,
    control: options.control ?? batchControl(),
    logger: silentLogger,
    shutdownSignal: new AbortController().signal,
    isInfrastructureError,
  });
}

function kinds(result: Awaited<ReturnType<typeof call>>): string[] {
  return result.status === 'outcomes'
    ? result.outcomes.map((entry: RecordOutcome) => entry.kind)
    : [result.status];
}

describe('callHandler', () => {
  it('passes only valid records and merges the rejections back in order', async () => {
    const seen: string[] = [];
    const result = await call(async (records) => {
      seen.push(...records.map((record) => record.value.id));
      return records.map(() => outcome.applied());
    });
    expect(seen).toEqual(['a', 'c']);
    expect(kinds(result)).toEqual(['applied', 'dead-letter', 'applied']);
  });

  it('retries every record when the handler throws a bug', async () => {
    const result = await call(async () => {
      throw new TypeError('cannot read properties of undefined');
    });
    expect(kinds(result)).toEqual(['retry', 'dead-letter', 'retry']);
  });

  it('reports infrastructure errors instead of outcomes', async () => {
    const result = await call(async () => {
      throw new KafkaError('KAFKA_ERR_BROKER', 'broker unavailable');
    });
    expect(result.status).toBe('infrastructure');
  });

  it('retries every record when the outcome count is wrong', async () => {
    const result = await call(async () => [outcome.applied()]);
    expect(kinds(result)).toEqual(['retry', 'dead-letter', 'retry']);
    const first = result.status === 'outcomes' ? result.outcomes[0] : undefined;
    expect(first?.kind).toBe('retry');
    const error = first?.kind === 'retry' ? (first.error as KafkaError) : undefined;
    expect(error?.code).toBe('KAFKA_ERR_INVALID_OUTCOMES');
  });

  it('retries parked records when there is no store', async () => {
    const park = async (records: readonly unknown[]) =>
      records.map(() => outcome.park('account-1', 'token-invalid', new Error('401')));
    expect(kinds(await call(park))).toEqual(['retry', 'dead-letter', 'retry']);
    expect(kinds(await call(park, { store: parkingStore }))).toEqual(['park', 'dead-letter', 'park']);
  });

  it('aborts the handler and reports a rebalance seen by a heartbeat', async () => {
    const control = batchControl({
      heartbeat: async () => {
        throw new KafkaError(
          'KAFKA_ERR_REBALANCE',
          'sending a heartbeat failed because the consumer group is rebalancing',
        );
      },
    });
    let aborted = false;
    const result = await call(
      async (records, context) => {
        await new Promise<void>((resolve) => {
          context.signal.addEventListener('abort', () => resolve(), { once: true });
          setTimeout(resolve, 2_000);
        });
        aborted = context.signal.aborted;
        return records.map(() => outcome.applied());
      },
      { control },
    );
    expect(aborted).toBe(true);
    expect(result.status).toBe('rebalance');
  });
});
