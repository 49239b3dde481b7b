import {
  durationMs,
  loadConfig,
  positiveInt,
  requireActiveTokenKey,
  sharedServiceEnv,
  tokenEncryptionEnvShape,
  type DeepReadonly,
  type LoadedConfig,
} from '@oniva-hubspot/config';
import { RETRY_TIER_DELAYS_MS, TOPICS } from '@oniva-hubspot/contracts';
import { z } from 'zod';

import { DEFAULT_LINK_SCHEMA_NAME } from './schema/link-object.js';

const TOPIC_EXPECTED = 'expected a Kafka topic name of 1 to 249 letters, digits, ".", "_" or "-"';
const topicName = z
  .string({ error: TOPIC_EXPECTED })
  .regex(/^[A-Za-z0-9._-]{1,249}$/, { error: TOPIC_EXPECTED });

const TIERS_EXPECTED = 'expected 1 to 10 durations of at least 1ms separated by commas, e.g. 5s,1m,10m';

/** Delay of each retry tier, e.g. `5s,1m,10m`; the number of entries is the number of tiers. */
const retryTierDelays = z.string({ error: TIERS_EXPECTED }).transform((value, ctx) => {
  const parts = value.split(',').map((part) => durationMs.safeParse(part.trim()));
  const delays = parts.flatMap((part) => (part.success && part.data >= 1 ? [part.data] : []));
  if (delays.length !== parts.length || delays.length > 10) {
    ctx.addIssue({ code: 'custom', message: TIERS_EXPECTED });
    return z.NEVER;
  }
  return delays;
});

/**
 * Environment of the link sink: the shared service variables, token decryption keys, topics,
 * consumer settings, HubSpot call settings and the name of the link schema. Durations accept
 * `250ms`, `5s`, `1m` or milliseconds.
 */
export const linkSinkEnv = sharedServiceEnv
  .extend({
    ...tokenEncryptionEnvShape,
    KAFKA_CLIENT_ID: sharedServiceEnv.shape.KAFKA_CLIENT_ID.default('link-sink'),
    /** Consumer group of the link consumer; it reads the source topic and its retry tiers. */
    CONSUMER_GROUP: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,200}$/)
      .default('link-sink'),
    /** Name of this process in its transactional id; set a stable pod name in Kubernetes. */
    KAFKA_INSTANCE_ID: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,100}$/)
      .optional(),
    LINKS_TOPIC: topicName.default(TOPICS.links),
    CONFIG_CHANGES_TOPIC: topicName.default(TOPICS.configChanges),
    RETRY_TIER_DELAYS: retryTierDelays.default([...RETRY_TIER_DELAYS_MS]),
    /** Partitions whose batches one process handles at the same time. */
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
    /** How often parked links are checked for a connection that works again. */
    HEALTH_RECOVERY_INTERVAL: durationMs.default(60_000),
    /** Name of the HubSpot custom object that stores the links; the connector API checks the same name. */
    CUSTOM_OBJECT_NAME: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,99}$/, {
        error: 'expected a lowercase custom object name of letters, digits and "_"',
      })
      .default(DEFAULT_LINK_SCHEMA_NAME),
  })
  .superRefine(requireActiveTokenKey);

/** Parsed and frozen environment of the link sink. */
export type LinkSinkConfig = DeepReadonly<z.output<typeof linkSinkEnv>>;

/** Parses the environment; throws a ConfigError that names every invalid variable. */
export function loadLinkSinkConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): LoadedConfig<z.output<typeof linkSinkEnv>> {
  return loadConfig(linkSinkEnv, env);
}
