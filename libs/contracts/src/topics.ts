import { ContractsError } from './errors.js';

/**
 * Default Kafka topic names. Services read the actual names from their environment and fall back
 * to these. The `.v1` suffix is part of the contract: within a topic only additive changes are
 * allowed, and a breaking change gets a new `.v2` topic.
 */
export const TOPICS = Object.freeze({
  /** Oniva bookings (`booking.created`, `booking.status_changed`), produced by Oniva, key `eventId`. */
  bookings: 'oniva.bookings.v1',
  /** Oniva event lifecycle (created, updated, cancelled, completed), produced by Oniva, key `eventId`. */
  events: 'oniva.events.v1',
  /** Personal event links (`link.generated`, `link.revoked`), produced by Oniva, key `eventId`. */
  links: 'oniva.links.v1',
  /** Contacts imported from a HubSpot list into an Oniva event, consumed by Oniva, key `eventId:hubspotContactId`. */
  contactImports: 'oniva.contact-imports.v1',
  /** Contacts imported from a HubSpot list as Oniva user accounts, consumed by Oniva, key `accountId:hubspotContactId`. */
  accountImports: 'oniva.account-imports.v1',
  /** Progress and final counts of import runs, consumed by Oniva, key `importId`. */
  importStatus: 'connector.import-status.v1',
  /** Import runs requested through the connector API, consumed by the importer, key `importId`. */
  importRequests: 'connector.import-requests.v1',
  /** Connection config changes; every replica drops its cached config of the account, key `accountId`. */
  configChanges: 'connector.config-changes.v1',
} as const);

/** One of the default topic names in `TOPICS`. */
export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

/**
 * Fixed delay of each retry tier in milliseconds: tier 1 waits 5 s, tier 2 one minute, tier 3 ten
 * minutes. Every record in one tier waits the same delay, so records in a tier become due in the
 * order they were written. A record that fails in the last tier goes to the dead-letter topic.
 */
export const RETRY_TIER_DELAYS_MS: readonly number[] = Object.freeze([5_000, 60_000, 600_000]);

// Kafka accepts topic names of up to 249 characters from this alphabet, except "." and "..".
const KAFKA_TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;
const DERIVED_TOPIC_SUFFIX = /\.(retry\.\d+|dlq)$/;

/**
 * Returns the retry topic of tier `tier` (1-based) for `source`, e.g. `oniva.bookings.v1.retry.1`.
 * Throws `ContractsError` when `source` is not a valid Kafka topic name, is itself a retry or
 * dead-letter topic, or when `tier` is not a positive integer.
 */
export function retryTopicName(source: string, tier: number): string {
  if (!Number.isSafeInteger(tier) || tier < 1) {
    throw new ContractsError(
      'CONTRACTS_ERR_INVALID_RETRY_TIER',
      `Invalid retry tier ${String(tier)} for topic "${source}": expected an integer of 1 or more.`,
    );
  }
  return checkTopicName(`${checkSourceTopic(source)}.retry.${tier}`);
}

/**
 * Returns the dead-letter topic for `source`, e.g. `oniva.bookings.v1.dlq`. Records that fail in
 * any retry tier of `source` go to this same topic. Throws `ContractsError` like `retryTopicName`.
 */
export function dlqTopicName(source: string): string {
  return checkTopicName(`${checkSourceTopic(source)}.dlq`);
}

function checkSourceTopic(source: string): string {
  checkTopicName(source);
  if (DERIVED_TOPIC_SUFFIX.test(source)) {
    throw new ContractsError(
      'CONTRACTS_ERR_INVALID_TOPIC_NAME',
      `Invalid source topic "${source}": it is already a retry or dead-letter topic. ` +
        'Pass the original topic, which records carry in the x-original-topic header.',
    );
  }
  return source;
}

function checkTopicName(name: string): string {
  if (!KAFKA_TOPIC_NAME.test(name) || name === '.' || name === '..') {
    throw new ContractsError(
      'CONTRACTS_ERR_INVALID_TOPIC_NAME',
      `Invalid Kafka topic name "${name}": expected 1 to 249 characters from A-Z, a-z, 0-9, ".", "_" and "-".`,
    );
  }
  return name;
}
