import { hostname } from 'node:os';

import { DEFAULT_MAX_RECORD_BYTES, RETRY_TIER_DELAYS_MS } from '@oniva-hubspot/contracts';
import { z } from 'zod';

import { KafkaError } from '../errors.js';
import type { KafkaLogger } from '../logger.js';
import { silentLogger } from '../logger.js';
import type { KafkaClient } from '../port.js';
import type { FailedRecordStore } from './failed-record-store.js';
import type { BatchHandler } from './handler.js';
import type { RuntimeMetrics } from './metrics.js';
import { noopMetrics } from './metrics.js';

/** Account and event of a record, for the dead-letter mirror and parked-record listings. */
export interface RecordContext {
  accountId: string | null;
  eventId: string | null;
}

/** Options of `SinkRuntime`. Durations are in milliseconds. */
export interface SinkRuntimeOptions<T> {
  client: KafkaClient;
  /** Consumer group of the service; the source topic and all its retry tiers are read in it. */
  groupId: string;
  /** Topic the service consumes, e.g. `oniva.bookings.v1`. */
  sourceTopic: string;
  /** zod schema of the source topic's values; records that fail it go to the dead-letter topic. */
  schema: z.ZodType<T>;
  handler: BatchHandler<T>;
  /** Storage for parked records and the dead-letter mirror. Required when the handler may park. */
  failedRecordStore?: FailedRecordStore;
  /** Delay of each retry tier; the number of entries is the number of tiers. Default 5 s, 60 s, 600 s. */
  retryDelaysMs?: readonly number[];
  /** Records larger than this go to the dead-letter topic as `oversize`. Default 256 KiB. */
  maxRecordBytes?: number;
  /**
   * Name of this process, part of the transactional id `<groupId>.<instanceId>`. Default
   * `<hostname>-<pid>-<n>`. Set a stable name (e.g. a StatefulSet pod name) so that a restarted
   * process aborts its predecessor's open transaction at once instead of after the transaction timeout.
   */
  instanceId?: string;
  /** Batches of different partitions processed at the same time. Default 1. */
  partitionsConsumedConcurrently?: number;
  /**
   * Creation of the retry and dead-letter topics at start, with the source topic's partition count.
   * Default on; the source topic itself is never created by the runtime.
   */
  createTopics?: boolean;
  /**
   * Returns true for errors that mean infrastructure is unavailable (database, broker): the batch is
   * then redelivered after a backoff instead of being retried record by record. Default: retryable
   * `KafkaError`s and MongoDB server-selection and network errors.
   */
  isInfrastructureError?: (error: unknown) => boolean;
  /** First pause after an infrastructure error; doubles up to `backoffMaxMs`. Default 1 000. */
  backoffInitialMs?: number;
  /** Default 30 000. */
  backoffMaxMs?: number;
  /**
   * How long infrastructure may stay unavailable before the runtime stops and reports a fatal
   * error, so the orchestrator restarts the process. Default 300 000 (5 minutes).
   */
  maxOutageMs?: number;
  /**
   * How long the runtime keeps the group membership alive with heartbeats while one handler call
   * runs. A handler that takes longer loses its partitions; its results are then not committed.
   * Default 120 000.
   */
  maxBatchDurationMs?: number;
  /** Default 30 000. */
  sessionTimeoutMs?: number;
  /** Default 3 000. */
  heartbeatIntervalMs?: number;
  /** Default 1 MiB. */
  maxBytesPerPartition?: number;
  /** Default 500. */
  maxWaitTimeMs?: number;
  /** Default 30 000. */
  transactionTimeoutMs?: number;
  /**
   * Max time of one write to `failedRecordStore` before the batch counts as failed on
   * infrastructure and is delivered again after a backoff. Default 10 000.
   */
  storeTimeoutMs?: number;
  /** Time `stop()` waits for the batch in progress before disconnecting anyway. Default 25 000. */
  shutdownTimeoutMs?: number;
  /** Reads the account and event of a parsed JSON value. Default: its `accountId` and `eventId` fields. */
  recordContext?: (value: unknown) => RecordContext;
  /**
   * Called once when the runtime stops because of a fatal error (outage longer than `maxOutageMs`,
   * consumer crash without restart). Default: log the error and exit the process with code 1.
   */
  onFatalError?: (error: KafkaError) => void;
  logger?: KafkaLogger;
  metrics?: RuntimeMetrics;
}

const durationMs = z
  .int()
  .min(1)
  .max(24 * 60 * 60 * 1000);

const settingsSchema = z
  .object({
    groupId: z.string().min(1),
    sourceTopic: z.string().min(1),
    retryDelaysMs: z.array(durationMs).min(1).max(10),
    maxRecordBytes: z.int().min(1),
    instanceId: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, {
      error: 'expected 1 to 100 characters from A-Z, a-z, 0-9, ".", "_" and "-"',
    }),
    partitionsConsumedConcurrently: z.int().min(1).max(64),
    createTopics: z.boolean(),
    backoffInitialMs: durationMs,
    backoffMaxMs: durationMs,
    maxOutageMs: durationMs,
    maxBatchDurationMs: durationMs,
    sessionTimeoutMs: z.int().min(6_000).max(300_000),
    heartbeatIntervalMs: z.int().min(100),
    maxBytesPerPartition: z.int().min(1024),
    maxWaitTimeMs: z.int().min(10).max(30_000),
    transactionTimeoutMs: z.int().min(1_000).max(900_000),
    storeTimeoutMs: durationMs,
    shutdownTimeoutMs: durationMs,
  })
  .superRefine((settings, ctx) => {
    if (settings.backoffMaxMs < settings.backoffInitialMs) {
      ctx.addIssue({ code: 'custom', path: ['backoffMaxMs'], message: 'expected at least backoffInitialMs' });
    }
    if (settings.heartbeatIntervalMs * 3 > settings.sessionTimeoutMs) {
      ctx.addIssue({
        code: 'custom',
        path: ['heartbeatIntervalMs'],
        message:
          'expected at most a third of sessionTimeoutMs, so one lost heartbeat does not end the membership',
      });
    }
  });

/** Numeric and string settings after defaults, validated. */
export type RuntimeSettings = z.infer<typeof settingsSchema>;

/** `SinkRuntimeOptions` after defaults and validation. */
export interface ResolvedRuntimeOptions<T> extends RuntimeSettings {
  client: KafkaClient;
  schema: z.ZodType<T>;
  handler: BatchHandler<T>;
  failedRecordStore: FailedRecordStore | undefined;
  isInfrastructureError: ((error: unknown) => boolean) | undefined;
  recordContext: (value: unknown) => RecordContext;
  onFatalError: ((error: KafkaError) => void) | undefined;
  logger: KafkaLogger;
  metrics: RuntimeMetrics;
}

let instanceSequence = 0;

/** Applies defaults and validates `options`; throws `KafkaError` (`KAFKA_ERR_INVALID_OPTIONS`) naming each bad option. */
export function resolveRuntimeOptions<T>(options: SinkRuntimeOptions<T>): ResolvedRuntimeOptions<T> {
  instanceSequence += 1;
  const candidate = {
    groupId: options.groupId,
    sourceTopic: options.sourceTopic,
    retryDelaysMs: [...(options.retryDelaysMs ?? RETRY_TIER_DELAYS_MS)],
    maxRecordBytes: options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES,
    instanceId:
      options.instanceId ??
      `${hostname()}-${process.pid}-${instanceSequence}`.replace(/[^A-Za-z0-9._-]/g, '-'),
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
    createTopics: options.createTopics ?? true,
    backoffInitialMs: options.backoffInitialMs ?? 1_000,
    backoffMaxMs: options.backoffMaxMs ?? 30_000,
    maxOutageMs: options.maxOutageMs ?? 300_000,
    maxBatchDurationMs: options.maxBatchDurationMs ?? 120_000,
    sessionTimeoutMs: options.sessionTimeoutMs ?? 30_000,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 3_000,
    maxBytesPerPartition: options.maxBytesPerPartition ?? 1024 * 1024,
    maxWaitTimeMs: options.maxWaitTimeMs ?? 500,
    transactionTimeoutMs: options.transactionTimeoutMs ?? 30_000,
    storeTimeoutMs: options.storeTimeoutMs ?? 10_000,
    shutdownTimeoutMs: options.shutdownTimeoutMs ?? 25_000,
  };

  const parsed = settingsSchema.safeParse(candidate);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`,
    );
    throw new KafkaError(
      'KAFKA_ERR_INVALID_OPTIONS',
      `Invalid sink runtime options: ${problems.join('; ')}.`,
      {
        cause: parsed.error,
      },
    );
  }

  return Object.freeze({
    ...parsed.data,
    client: options.client,
    schema: options.schema,
    handler: options.handler,
    failedRecordStore: options.failedRecordStore,
    isInfrastructureError: options.isInfrastructureError,
    recordContext: options.recordContext ?? defaultRecordContext,
    onFatalError: options.onFatalError,
    logger: options.logger ?? silentLogger,
    metrics: options.metrics ?? noopMetrics,
  });
}

/** Reads string `accountId` and `eventId` fields of a JSON object; null when absent. */
export function defaultRecordContext(value: unknown): RecordContext {
  if (typeof value !== 'object' || value === null) {
    return { accountId: null, eventId: null };
  }
  const { accountId, eventId } = value as { accountId?: unknown; eventId?: unknown };
  return {
    accountId: typeof accountId === 'string' && accountId.length > 0 ? accountId : null,
    eventId: typeof eventId === 'string' && eventId.length > 0 ? eventId : null,
  };
}
