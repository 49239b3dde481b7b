import {
  durationMs,
  positiveInt,
  requireActiveTokenKey,
  sharedServiceEnv,
  tokenEncryptionEnvShape,
  type DeepReadonly,
} from '@oniva-hubspot/config';
import { RETRY_TIER_DELAYS_MS, TOPICS } from '@oniva-hubspot/contracts';
import { z } from 'zod';

const TOPIC_EXPECTED = 'expected a Kafka topic name of letters, digits, ".", "_" or "-"';
const topicName = z
  .string({ error: TOPIC_EXPECTED })
  .regex(/^[A-Za-z0-9._-]{1,249}$/, { error: TOPIC_EXPECTED });

const RETRY_DELAYS_EXPECTED = 'expected 1 to 10 durations separated by commas, e.g. 5s,1m,10m';

/** Retry tier delays as durations separated by commas; one entry per tier. */
const retryTierDelays = z.string({ error: RETRY_DELAYS_EXPECTED }).transform((value, ctx) => {
  const delays: number[] = [];
  for (const part of value.split(',')) {
    const parsed = durationMs.safeParse(part.trim());
    if (!parsed.success || parsed.data < 1) {
      ctx.addIssue({ code: 'custom', message: RETRY_DELAYS_EXPECTED });
      return z.NEVER;
    }
    delays.push(parsed.data);
  }
  if (delays.length > 10) {
    ctx.addIssue({ code: 'custom', message: RETRY_DELAYS_EXPECTED });
    return z.NEVER;
  }
  return delays;
});

/**
 * Environment of the marketing-event sink: the shared service variables, token decryption keys,
 * topic names, consumer settings and HubSpot call settings. Durations accept `250ms`, `5s`, `1m`.
 */
export const sinkEnvSchema = sharedServiceEnv
  .extend({
    ...tokenEncryptionEnvShape,
    KAFKA_CLIENT_ID: sharedServiceEnv.shape.KAFKA_CLIENT_ID.default('marketing-event-sink'),
    /** Consumer group of the booking and event consumers. */
    KAFKA_GROUP_ID: z.string().min(1).default('marketing-event-sink'),
    /** Name of this process in transactional ids; set a stable pod name in Kubernetes. */
    KAFKA_INSTANCE_ID: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,100}$/)
      .optional(),
    BOOKINGS_TOPIC: topicName.default(TOPICS.bookings),
    EVENTS_TOPIC: topicName.default(TOPICS.events),
    CONFIG_CHANGES_TOPIC: topicName.default(TOPICS.configChanges),
    /** Delay of each retry tier; the number of entries is the number of tiers. */
    RETRY_TIER_DELAYS: retryTierDelays.default([...RETRY_TIER_DELAYS_MS]),
    /** Partitions whose batches are processed at the same time, per consumer. */
    PARTITIONS_CONSUMED_CONCURRENTLY: positiveInt.default(2),
    /** Bytes fetched per partition and fetch; bounds the batch size. */
    KAFKA_MAX_BYTES_PER_PARTITION: positiveInt.default(1024 * 1024),
    /** Time without heartbeats after which the broker removes a consumer from its group. */
    KAFKA_SESSION_TIMEOUT: durationMs.default(30_000),
    /** Interval of consumer heartbeats; at most a third of the session timeout. */
    KAFKA_HEARTBEAT_INTERVAL: durationMs.default(3_000),
    /** Time the broker waits to fill a fetch before it responds. */
    KAFKA_MAX_WAIT: durationMs.default(500),
    /** Time one batch may take before the consumer gives up its partitions. */
    MAX_BATCH_DURATION: durationMs.default(120_000),
    /** How long MongoDB or Kafka may be unreachable before the process exits for a restart. */
    MAX_OUTAGE: durationMs.default(300_000),
    /** Lifetime of cached connection and activation config; config changes drop it at once. */
    CONFIG_CACHE_TTL: durationMs.default(30_000),
    /** Time allowed for one HubSpot call. */
    HUBSPOT_TIMEOUT: durationMs.default(15_000),
    /** How often unhealthy connections are checked for a passed daily-limit reset. */
    HEALTH_RECOVERY_INTERVAL: durationMs.default(60_000),
    /** Organizer sent to HubSpot when an Oniva event has none; HubSpot requires one. */
    DEFAULT_EVENT_ORGANIZER: z.string().min(1).default('Oniva'),
  })
  .superRefine(requireActiveTokenKey);

/** Parsed and frozen environment of the marketing-event sink, as `loadConfig` returns it. */
export type SinkEnv = DeepReadonly<z.output<typeof sinkEnvSchema>>;
