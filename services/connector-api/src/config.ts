import {
  durationMs,
  loadConfig,
  port,
  positiveInt,
  requireActiveTokenKey,
  sharedServiceEnv,
  tokenEncryptionEnvShape,
  type DeepReadonly,
  type LoadedConfig,
} from '@oniva-hubspot/config';
import { TOPICS } from '@oniva-hubspot/contracts';
import { z } from 'zod';

const TOPIC_EXPECTED = 'expected a Kafka topic name of letters, digits, ".", "_" or "-"';
const topicName = (fallback: string) =>
  z
    .string({ error: TOPIC_EXPECTED })
    .regex(/^[A-Za-z0-9._-]{1,249}$/, { error: TOPIC_EXPECTED })
    .default(fallback);

/**
 * Environment of the connector API. `OPS_PORT` and `OPS_HOST` of the shared schema are not used:
 * `/healthz`, `/readyz` and `/metrics` are served by the API server itself.
 */
export const connectorApiEnv = sharedServiceEnv
  .extend({
    ...tokenEncryptionEnvShape,
    KAFKA_CLIENT_ID: z
      .string({ error: 'expected a Kafka client id' })
      .regex(/^[A-Za-z0-9._-]{1,249}$/, {
        error: 'expected a Kafka client id of letters, digits, ".", "_" or "-"',
      })
      .default('connector-api'),
    /** TCP port of the API. */
    PORT: port.default(8080),
    /** Interface the API binds to; loopback unless a deployment sets 0.0.0.0. */
    HOST: z.string({ error: 'expected a host name or IP address' }).min(1).default('127.0.0.1'),
    /** Key that creates and revokes account API keys; at least 32 characters. */
    OPERATOR_API_KEY: z.string({ error: 'expected a secret of at least 32 characters' }).min(32, {
      error: 'expected a secret of at least 32 characters; generate one with: openssl rand -base64 32',
    }),
    /** Largest accepted request body in bytes. */
    BODY_LIMIT_BYTES: positiveInt.default(64 * 1024),
    /** Requests allowed per API key (or per address without a key) in each `RATE_LIMIT_WINDOW`. */
    RATE_LIMIT_MAX: positiveInt.default(300),
    /** Length of the rate-limit window. */
    RATE_LIMIT_WINDOW: durationMs.default(60_000),
    /** Time limit of one HubSpot call made while serving a request. */
    HUBSPOT_TIMEOUT: durationMs.default(15_000),
    /** Time limit of each readiness check (database ping, broker metadata). */
    READINESS_TIMEOUT: durationMs.default(2_000),
    /** Name of the HubSpot custom object that stores personal event links. */
    CUSTOM_OBJECT_NAME: z
      .string({ error: 'expected a HubSpot custom object name' })
      .regex(/^[a-z][a-z0-9_]{0,99}$/, {
        error: 'expected a lowercase custom object name of letters, digits and "_"',
      })
      .default('oniva_event_link'),
    TOPIC_CONFIG_CHANGES: topicName(TOPICS.configChanges),
    TOPIC_IMPORT_REQUESTS: topicName(TOPICS.importRequests),
    TOPIC_BOOKINGS: topicName(TOPICS.bookings),
    TOPIC_EVENTS: topicName(TOPICS.events),
    TOPIC_LINKS: topicName(TOPICS.links),
  })
  .superRefine(requireActiveTokenKey);

/** Parsed, frozen configuration of the connector API. */
export type ConnectorApiConfig = DeepReadonly<z.output<typeof connectorApiEnv>>;

/**
 * Parses the API's environment. Throws `ConfigError` listing every invalid variable by name,
 * with secrets such as `OPERATOR_API_KEY` masked.
 */
export function loadConnectorApiConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): LoadedConfig<z.output<typeof connectorApiEnv>> {
  return loadConfig(connectorApiEnv, env);
}
