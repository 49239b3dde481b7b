import { isDuplicateKeyError } from '@oniva-hubspot/store';
import type { DeadLetterModel, ParkedMessageModel } from '@oniva-hubspot/store';

import type { TopicPartitionOffset } from '../port.js';
import type { DeadLetterEntry, FailedRecordStore, ParkedRecord } from './failed-record-store.js';
import { bulkWriteInChunks } from '@oniva-hubspot/store';

/**
 * `FailedRecordStore` on the store package's `ParkedMessage` and `DeadLetter` models. Both
 * collections have a unique index on the source position, which makes every write idempotent.
 * Parking inserts and ignores duplicates, so the first copy wins. The dead-letter mirror upserts,
 * so a record dead-lettered again after a replay is shown with its latest error.
 */
export function createMongoFailedRecordStore(models: {
  ParkedMessage: ParkedMessageModel;
  DeadLetter: DeadLetterModel;
}): FailedRecordStore {
  const { ParkedMessage, DeadLetter } = models;
  return {
    async park(records) {
      try {
        // Not insertMany: in mongoose 8.24, insertMany on a connection that never connected (with
        // bufferCommands off) never settles and leaks an unhandled rejection; bulkWrite rejects.
        await bulkWriteInChunks(
          ParkedMessage,
          records.map((record) => ({ insertOne: { document: toParkedDocument(record) } })),
        );
      } catch (error) {
        if (!isDuplicateKeyError(error)) {
          throw error;
        }
      }
    },

    async recordDeadLetters(entries) {
      const operations = entries.map((entry) => ({
        updateOne: {
          filter: sourceFilter(entry.source),
          update: { $set: toDeadLetterDocument(entry) },
          upsert: true,
        },
      }));
      try {
        await bulkWriteInChunks(DeadLetter, operations);
      } catch (error) {
        // Two writers upserting one source at once: one insert wins, the retry updates it.
        if (!isDuplicateKeyError(error)) {
          throw error;
        }
        await bulkWriteInChunks(DeadLetter, operations);
      }
    },

    async listParked({ accountId, topic, limit }) {
      const documents = await ParkedMessage.find({ accountId, 'source.topic': topic })
        .sort({ parkedAt: 1, _id: 1 })
        .limit(limit)
        .lean();
      return documents.map((document) => ({
        accountId: document.accountId,
        source: {
          topic: document.source.topic,
          partition: document.source.partition,
          offset: document.source.offset,
        },
        key: document.key,
        value: document.value,
        headers: decodeStoredHeaders(document.headers),
        reason: document.reason,
        error: { code: document.error.code, message: document.error.message },
        attempts: document.attempts,
        parkedAt: document.parkedAt,
      }));
    },

    async deleteParked(sources) {
      if (sources.length === 0) {
        return 0;
      }
      const result = await ParkedMessage.deleteMany({ $or: sources.map(sourceFilter) });
      return result.deletedCount;
    },
  };
}

function sourceFilter(source: TopicPartitionOffset) {
  return {
    'source.topic': source.topic,
    'source.partition': source.partition,
    'source.offset': source.offset,
  };
}

function toParkedDocument(record: ParkedRecord) {
  return {
    accountId: record.accountId,
    source: record.source,
    key: record.key,
    value: record.value,
    headers: encodeHeaderNames(record.headers),
    reason: record.reason,
    error: { code: record.error.code, message: nonEmpty(record.error.message) },
    attempts: record.attempts,
    parkedAt: record.parkedAt,
  };
}

function toDeadLetterDocument(entry: DeadLetterEntry) {
  return {
    accountId: entry.accountId,
    ...(entry.eventId === null ? {} : { eventId: entry.eventId }),
    source: entry.source,
    reason: entry.reason,
    error: { code: entry.error.code, message: nonEmpty(entry.error.message) },
    key: entry.key,
    value: entry.value,
    valueEncoding: entry.valueEncoding,
    attempts: entry.attempts,
    headers: encodeHeaderNames(entry.headers),
    deadLetteredAt: entry.deadLetteredAt,
    replayedAt: null,
  };
}

function nonEmpty(message: string): string {
  return message.length > 0 ? message : 'no error message';
}

// Mongoose map keys may not contain "." or start with "$", which Kafka header names may. Those
// characters (and "%", to keep the encoding reversible) are percent-encoded in stored names.
function encodeHeaderNames(headers: Readonly<Record<string, string>>): Map<string, string> {
  const encoded = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    encoded.set(
      name.replace(/[%.$]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`),
      value,
    );
  }
  return encoded;
}

/**
 * Returns the headers of a `parked_messages` or `dead_letters` document with their original names,
 * undoing the percent-encoding that mongoose map keys need for ".", "$" and "%".
 */
export function decodeStoredHeaders(headers: unknown): Record<string, string> {
  const entries =
    headers instanceof Map
      ? [...headers.entries()]
      : Object.entries((headers ?? {}) as Record<string, unknown>);
  const decoded: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (typeof value === 'string') {
      decoded[
        String(name).replace(/%(25|2E|24)/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)))
      ] = value;
    }
  }
  return decoded;
}
