import type { z } from 'zod';

import { bookingRecordSchema } from './bookings.js';
import { configChangeRecordSchema } from './config-changes.js';
import { deadLetterRecordSchema } from './dead-letter.js';
import { eventRecordSchema } from './events.js';
import { importRequestRecordSchema } from './import-requests.js';
import { importStatusRecordSchema } from './import-status.js';
import {
  accountImportKey,
  accountImportRecordSchema,
  contactImportKey,
  contactImportRecordSchema,
} from './imports.js';
import { linkRecordSchema } from './links.js';
import { TOPICS } from './topics.js';

/** Schema, key and documentation of one topic. */
export interface TopicContract<S extends z.ZodType = z.ZodType> {
  /** Default topic name, or a pattern such as `<source>.dlq` for topics derived from another. */
  topic: string;
  /** Base name of the generated JSON Schema file in `json-schema/`. */
  schemaFile: string;
  title: string;
  description: string;
  /** Record fields that make up the Kafka key, e.g. `eventId:hubspotContactId`. */
  keyDescription: string;
  schema: S;
  /** Returns the Kafka key of a record; null only for a dead-letter record whose original had none. */
  keyOf(record: z.output<S>): string | null;
}

function defineContract<S extends z.ZodType>(contract: TopicContract<S>): TopicContract<S> {
  return Object.freeze(contract);
}

/** Every topic contract of the connector, keyed like `TOPICS`. */
export const TOPIC_CONTRACTS = Object.freeze({
  bookings: defineContract({
    topic: TOPICS.bookings,
    schemaFile: TOPICS.bookings,
    title: 'Oniva booking',
    description: 'A booking was created in Oniva or its status changed. Produced by Oniva.',
    keyDescription: 'eventId',
    schema: bookingRecordSchema,
    keyOf: (record) => record.eventId,
  }),
  events: defineContract({
    topic: TOPICS.events,
    schemaFile: TOPICS.events,
    title: 'Oniva event',
    description: 'An Oniva event was created, updated, cancelled or completed. Produced by Oniva.',
    keyDescription: 'eventId',
    schema: eventRecordSchema,
    keyOf: (record) => record.eventId,
  }),
  links: defineContract({
    topic: TOPICS.links,
    schemaFile: TOPICS.links,
    title: 'Oniva personal event link',
    description: 'A personal event link of a contact was generated or revoked. Produced by Oniva.',
    keyDescription: 'eventId',
    schema: linkRecordSchema,
    keyOf: (record) => record.eventId,
  }),
  contactImports: defineContract({
    topic: TOPICS.contactImports,
    schemaFile: TOPICS.contactImports,
    title: 'Contact imported from HubSpot',
    description:
      'One contact of a HubSpot list to add to an Oniva event. Produced by the importer, consumed by Oniva.',
    keyDescription: 'eventId:hubspotContactId',
    schema: contactImportRecordSchema,
    keyOf: contactImportKey,
  }),
  accountImports: defineContract({
    topic: TOPICS.accountImports,
    schemaFile: TOPICS.accountImports,
    title: 'Account imported from HubSpot',
    description:
      'One contact of a HubSpot list to create or update as an Oniva user account. Produced by the importer, consumed by Oniva.',
    keyDescription: 'accountId:hubspotContactId',
    schema: accountImportRecordSchema,
    keyOf: accountImportKey,
  }),
  importStatus: defineContract({
    topic: TOPICS.importStatus,
    schemaFile: TOPICS.importStatus,
    title: 'Import run status',
    description: 'Progress and final counts of an import run. Produced by the importer, consumed by Oniva.',
    keyDescription: 'importId',
    schema: importStatusRecordSchema,
    keyOf: (record) => record.importId,
  }),
  importRequests: defineContract({
    topic: TOPICS.importRequests,
    schemaFile: TOPICS.importRequests,
    title: 'Import request',
    description: 'An import run to start. Produced by the connector API, consumed by the importer.',
    keyDescription: 'importId',
    schema: importRequestRecordSchema,
    keyOf: (record) => record.importId,
  }),
  configChanges: defineContract({
    topic: TOPICS.configChanges,
    schemaFile: TOPICS.configChanges,
    title: 'Connection config change',
    description:
      'A connection config of an Oniva account changed. Every replica drops its cached config of the account.',
    keyDescription: 'accountId',
    schema: configChangeRecordSchema,
    keyOf: (record) => record.accountId,
  }),
});

/** Contract of every `<source>.dlq` topic. The key is the key of the original record. */
export const DEAD_LETTER_CONTRACT = defineContract({
  topic: '<source>.dlq',
  schemaFile: 'dead-letter',
  title: 'Dead-letter record',
  description:
    'A record that could not be processed, with the reason, the error, the attempts and the original value and headers.',
  keyDescription: 'key of the original record',
  schema: deadLetterRecordSchema,
  keyOf: (record) => record.source.key,
});

/** Every contract that has a generated JSON Schema file. */
export const ALL_CONTRACTS: readonly TopicContract[] = Object.freeze([
  ...Object.values(TOPIC_CONTRACTS),
  DEAD_LETTER_CONTRACT,
]);
