/**
 * Kafka topic contracts of the Oniva ⇄ HubSpot connector: topic names, zod schemas, decoding
 * with dead-letter reasons, retry and dead-letter conventions.
 *
 * @example
 * ```ts
 * import { TOPICS, bookingRecordSchema, decodeRecord, dlqTopicName } from '@oniva-hubspot/contracts';
 *
 * const decoded = decodeRecord(bookingRecordSchema, message.value, { maxBytes: 256 * 1024 });
 * if (decoded.ok) {
 *   applyBooking(decoded.value);
 * } else {
 *   // decoded.reason is a dead-letter reason such as 'schema-violation'; decoded.error.message
 *   // reads like 'contact.email: expected an email address, received "not-an-email"'.
 *   sendToDeadLetter(dlqTopicName(TOPICS.bookings), decoded.reason, decoded.error);
 * }
 * ```
 */
export { TOPICS, RETRY_TIER_DELAYS_MS, retryTopicName, dlqTopicName } from './topics.js';
export type { TopicName } from './topics.js';

export {
  schemaVersionSchema,
  idSchema,
  emailSchema,
  isoDateTimeSchema,
  ianaTimeZoneSchema,
  httpUrlSchema,
  sourceVersionSchema,
  countSchema,
  isIanaTimeZone,
} from './primitives.js';
export { contactSchema, eventSnapshotSchema } from './snapshots.js';
export type { Contact, EventSnapshot } from './snapshots.js';

export {
  BOOKING_TYPES,
  KNOWN_BOOKING_STATUSES,
  bookingStatusSchema,
  bookingRecordSchema,
} from './bookings.js';
export type { BookingType, BookingRecord } from './bookings.js';
export { EVENT_TYPES, eventRecordSchema } from './events.js';
export type { EventType, EventRecord } from './events.js';
export { LINK_TYPES, linkRecordSchema } from './links.js';
export type { LinkType, LinkRecord } from './links.js';

export {
  IMPORT_MODES,
  importModeSchema,
  hubspotContactSourceSchema,
  mappedFieldsSchema,
  contactImportRecordSchema,
  accountImportRecordSchema,
  contactImportKey,
  accountImportKey,
} from './imports.js';
export type { ImportMode, ContactImportRecord, AccountImportRecord } from './imports.js';
export { IMPORT_STATES, importCountsSchema, importStatusRecordSchema } from './import-status.js';
export type { ImportState, ImportCounts, ImportStatusRecord } from './import-status.js';
export { IMPORT_TARGETS, fieldMappingSchema, importRequestRecordSchema } from './import-requests.js';
export type { ImportTarget, FieldMapping, ImportRequestRecord } from './import-requests.js';
export { CONFIG_CHANGE_KINDS, configChangeRecordSchema } from './config-changes.js';
export type { ConfigChangeKind, ConfigChangeRecord } from './config-changes.js';

export {
  DEAD_LETTER_REASONS,
  VALUE_ENCODINGS,
  deadLetterSourceSchema,
  deadLetterRecordSchema,
  encodeOriginalValue,
  decodeOriginalValue,
} from './dead-letter.js';
export type { DeadLetterReason, ValueEncoding, DeadLetterRecord } from './dead-letter.js';
export {
  RETRY_HEADERS,
  MAX_LAST_ERROR_LENGTH,
  formatRetryHeaders,
  parseRetryHeaders,
} from './retry-headers.js';
export type { RetryState, KafkaHeaders } from './retry-headers.js';

export { DEFAULT_MAX_RECORD_BYTES, decodeRecord } from './decode.js';
export type { DecodeFailureReason, DecodeError, DecodeResult, DecodeOptions } from './decode.js';
export { encodeRecord } from './encode.js';
export { formatIssues, joinIssues, formatPath, expectationErrorMap } from './issues.js';
export type { FieldIssue } from './issues.js';

export { TOPIC_CONTRACTS, DEAD_LETTER_CONTRACT, ALL_CONTRACTS } from './contracts.js';
export type { TopicContract } from './contracts.js';
export { JSON_SCHEMA_ID_PREFIX, buildJsonSchema, buildJsonSchemaFiles } from './json-schema.js';
export type { JsonSchemaFile } from './json-schema.js';

export { ContractsError } from './errors.js';
export type { ContractsErrorCode, DecodeErrorCode } from './errors.js';
