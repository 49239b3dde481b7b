import { z } from 'zod';

import { durationMs, hubspotBasePath, kafkaBrokers, logLevel, mongoUri, port } from './fields.js';

/**
 * Environment every service reads. Services add their own variables with `.extend({...})`.
 * `OPS_PORT` and `OPS_HOST` are where `/healthz`, `/readyz` and `/metrics` listen. In a container,
 * set `OPS_HOST=0.0.0.0` so the kubelet can reach the probes.
 */
export const sharedServiceEnv = z.object({
  /** Kafka bootstrap servers, `host:port[,host:port...]`. */
  KAFKA_BROKERS: kafkaBrokers,
  /** Kafka client id, sent to the broker and shown in its logs and quotas. */
  KAFKA_CLIENT_ID: z
    .string({ error: 'expected a Kafka client id of letters, digits, ".", "_" or "-"' })
    .regex(/^[A-Za-z0-9._-]{1,249}$/, {
      error: 'expected a Kafka client id of letters, digits, ".", "_" or "-"',
    }),
  /** MongoDB connection string including the database name. */
  MONGODB_URI: mongoUri,
  /** pino log level. */
  LOG_LEVEL: logLevel.default('info'),
  /** Port of the operations server (health, readiness, metrics). */
  OPS_PORT: port.default(9464),
  /** Interface the operations server binds to. */
  OPS_HOST: z.string({ error: 'expected a host name or IP address' }).min(1).default('127.0.0.1'),
  /** HubSpot API base URL without trailing slash. */
  HUBSPOT_BASE_PATH: hubspotBasePath,
  /** Maximum time to finish the current batch and close connections after SIGTERM. */
  SHUTDOWN_TIMEOUT: durationMs.default(30_000),
});

/** Parsed shared service environment. */
export type SharedServiceEnv = z.output<typeof sharedServiceEnv>;
