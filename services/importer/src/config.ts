import {
  durationMs,
  loadConfig,
  positiveInt,
  requireActiveTokenKey,
  sharedServiceEnv,
  tokenEncryptionEnvShape,
} from '@oniva-hubspot/config';
import { TOPICS } from '@oniva-hubspot/contracts';
import { z } from 'zod';

/** HubSpot returns at most 250 list memberships per page. */
export const MAX_MEMBERSHIP_PAGE_SIZE = 250;

const topicName = z
  .string({ error: 'expected a Kafka topic name of letters, digits, ".", "_" or "-"' })
  .regex(/^[A-Za-z0-9._-]{1,249}$/, {
    error: 'expected a Kafka topic name of letters, digits, ".", "_" or "-"',
  });

/**
 * Environment of the importer: the shared service variables, the token encryption keys, topic
 * names, and the lease and scheduling settings of import runs.
 */
export const importerEnv = sharedServiceEnv
  .extend({
    ...tokenEncryptionEnvShape,
    KAFKA_CLIENT_ID: sharedServiceEnv.shape.KAFKA_CLIENT_ID.default('importer'),
    /** Consumer group that reads import requests. */
    CONSUMER_GROUP: z.string().min(1).default('importer'),
    /**
     * Session timeout of the request consumer: after a crash, the group waits this long before it
     * gives the crashed member's partitions to another replica. At least 6s (the broker's minimum).
     */
    CONSUMER_SESSION_TIMEOUT: durationMs
      .refine((value) => value >= 6_000 && value <= 300_000, {
        message: 'expected a duration from 6s to 5m, the range Kafka brokers accept by default',
      })
      .prefault('30s'),
    IMPORT_REQUESTS_TOPIC: topicName.default(TOPICS.importRequests),
    CONTACT_IMPORTS_TOPIC: topicName.default(TOPICS.contactImports),
    ACCOUNT_IMPORTS_TOPIC: topicName.default(TOPICS.accountImports),
    IMPORT_STATUS_TOPIC: topicName.default(TOPICS.importStatus),
    /** Partitions of the topics the importer creates when they are missing. */
    TOPIC_PARTITIONS: positiveInt.prefault('3'),
    /** How long a run's lease lasts unless renewed; another replica takes the run over after it. */
    IMPORT_LEASE_DURATION: durationMs
      .refine((value) => value >= 1_000, {
        message: 'expected at least 1s, so a lease can be renewed before it lapses',
      })
      .prefault('30s'),
    /** Import runs one process works on at the same time. */
    IMPORT_CONCURRENCY: positiveInt.prefault('2'),
    /** Interval of the scan for queued runs and runs whose lease expired. */
    IMPORT_SCAN_INTERVAL: durationMs.prefault('5s'),
    /** List memberships read per page, at most 250. */
    IMPORT_PAGE_SIZE: positiveInt
      .refine((value) => value <= MAX_MEMBERSHIP_PAGE_SIZE, {
        message: `expected at most ${MAX_MEMBERSHIP_PAGE_SIZE}, the largest page HubSpot returns`,
      })
      .prefault(String(MAX_MEMBERSHIP_PAGE_SIZE)),
    /** Attempts of one page when HubSpot keeps failing with retriable errors; then the run fails. */
    IMPORT_PAGE_ATTEMPTS: positiveInt.prefault('5'),
  })
  .superRefine(requireActiveTokenKey);

/** Parsed importer configuration. */
export type ImporterConfig = z.output<typeof importerEnv>;

/** Parses the environment; throws a ConfigError that names every invalid variable. */
export function loadImporterConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(importerEnv, env);
}
