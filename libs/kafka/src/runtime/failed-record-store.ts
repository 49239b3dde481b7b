import type { DeadLetterReason, ValueEncoding } from '@oniva-hubspot/contracts';

import type { TopicPartitionOffset } from '../port.js';
import type { ErrorInfo } from './error-info.js';

/** A record parked because its account's connection cannot take writes. */
export interface ParkedRecord {
  accountId: string;
  /** Position in the source topic; unique, so parking the same record again changes nothing. */
  source: TopicPartitionOffset;
  key: string | null;
  /** The record value as UTF-8 text (parked records passed validation, so they are JSON). */
  value: string;
  /** Headers of the original record, without the runtime's retry headers. */
  headers: Record<string, string>;
  reason: string;
  error: ErrorInfo;
  /** Deliveries so far, including the one that parked it. */
  attempts: number;
  parkedAt: Date;
}

/** Copy of a dead-letter record, kept in MongoDB for listing and replay through the API. */
export interface DeadLetterEntry {
  /** Account of the record, or null when the value could not be read. */
  accountId: string | null;
  eventId: string | null;
  /** Position in the source topic; unique, so recording it again changes nothing. */
  source: TopicPartitionOffset;
  key: string | null;
  reason: DeadLetterReason;
  error: ErrorInfo;
  value: string | null;
  valueEncoding: ValueEncoding;
  headers: Record<string, string>;
  attempts: number;
  deadLetteredAt: Date;
}

/**
 * Storage for records that left the stream: parked records and the mirror of the dead-letter
 * topic. Writes must be idempotent on `source`, because a crash between the write and the Kafka
 * commit delivers the record again. `createMongoFailedRecordStore` implements it on the store
 * package's models.
 */
export interface FailedRecordStore {
  park(records: readonly ParkedRecord[]): Promise<void>;
  recordDeadLetters(entries: readonly DeadLetterEntry[]): Promise<void>;
  /** Returns up to `limit` parked records of an account from one source topic, oldest first. */
  listParked(query: { accountId: string; topic: string; limit: number }): Promise<ParkedRecord[]>;
  /** Deletes parked records by source position; returns how many were deleted. */
  deleteParked(sources: readonly TopicPartitionOffset[]): Promise<number>;
}
