import { decodeRecord } from '@oniva-hubspot/contracts';
import type { DeadLetterReason } from '@oniva-hubspot/contracts';
import type { z } from 'zod';

import type { ConsumedBatch, ConsumedRecord } from '../port.js';
import type { ErrorInfo } from './error-info.js';
import { toErrorInfo } from './error-info.js';
import type { SinkRecord } from './handler.js';
import type { DeliveryState } from './retry-headers.js';
import { readDeliveryState } from './retry-headers.js';

/** A consumed record with its delivery state, and either its decoded form or why it is dead-lettered. */
export interface PreparedRecord<T> {
  record: ConsumedRecord;
  tier: number;
  delivery: DeliveryState;
  sink: SinkRecord<T> | null;
  /** Set when the record goes to the dead-letter topic without reaching the handler. */
  rejection: { reason: DeadLetterReason; error: ErrorInfo } | null;
}

/** The records of a batch that are due now, and the first record that is not due yet. */
export interface PreparedBatch<T> {
  due: PreparedRecord<T>[];
  /** First record of a retry tier whose due time is in the future; it and every later record wait. */
  held: { record: ConsumedRecord; dueAt: number } | null;
}

/**
 * Reads the delivery state of each record, stops at the first retry record that is not due yet
 * (records in one tier become due in order), and decodes the due records with `schema`.
 */
export function prepareBatch<T>(input: {
  batch: ConsumedBatch;
  tier: number;
  schema: z.ZodType<T>;
  maxRecordBytes: number;
  now: number;
}): PreparedBatch<T> {
  const due: PreparedRecord<T>[] = [];
  for (const record of input.batch.records) {
    const delivery = readDelivery(record, input.tier);
    if ('error' in delivery) {
      due.push({
        record,
        tier: input.tier,
        delivery: delivery.fallback,
        sink: null,
        rejection: { reason: 'invalid-input', error: delivery.error },
      });
      continue;
    }
    if (delivery.state.dueAt > input.now) {
      return { due, held: { record, dueAt: delivery.state.dueAt } };
    }
    due.push(decodePrepared(record, input.tier, delivery.state, input.schema, input.maxRecordBytes));
  }
  return { due, held: null };
}

function readDelivery(
  record: ConsumedRecord,
  tier: number,
): { state: DeliveryState } | { error: ErrorInfo; fallback: DeliveryState } {
  try {
    return { state: readDeliveryState(record, tier) };
  } catch (error) {
    return {
      error: toErrorInfo(error),
      fallback: {
        source: { topic: record.topic, partition: record.partition, offset: record.offset },
        sourceTimestamp: record.timestamp,
        failedAttempts: tier,
        dueAt: 0,
        firstFailedAt: null,
      },
    };
  }
}

function decodePrepared<T>(
  record: ConsumedRecord,
  tier: number,
  delivery: DeliveryState,
  schema: z.ZodType<T>,
  maxRecordBytes: number,
): PreparedRecord<T> {
  const decoded = decodeRecord(schema, record.value, { maxBytes: maxRecordBytes });
  if (!decoded.ok) {
    return {
      record,
      tier,
      delivery,
      sink: null,
      rejection: {
        reason: decoded.reason,
        error: { code: decoded.error.code, message: decoded.error.message, details: decoded.error.issues },
      },
    };
  }
  return {
    record,
    tier,
    delivery,
    sink: {
      value: decoded.value as T,
      key: record.key === null ? null : record.key.toString('utf8'),
      record,
      source: delivery.source,
      attempt: delivery.failedAttempts + 1,
      tier,
      firstFailedAt: delivery.firstFailedAt,
    },
    rejection: null,
  };
}
