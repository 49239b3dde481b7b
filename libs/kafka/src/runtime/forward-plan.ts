import { deadLetterRecordSchema, encodeOriginalValue, encodeRecord } from '@oniva-hubspot/contracts';
import type { DeadLetterReason, DeadLetterRecord } from '@oniva-hubspot/contracts';

import type { OutgoingRecord } from '../port.js';
import type { PreparedRecord } from './decode-stage.js';
import type { ErrorInfo } from './error-info.js';
import { toErrorInfo } from './error-info.js';
import type { DeadLetterEntry, ParkedRecord } from './failed-record-store.js';
import type { RecordOutcome } from './outcome.js';
import type { RecordContext } from './options.js';
import { originalHeaders, retryRecordHeaders } from './retry-headers.js';
import type { TierLayout } from './tiers.js';

/**
 * Largest dead-letter record produced with the original value. Kafka's default `max.message.bytes`
 * is 1 MiB, and an oversize value in base64 grows by a third, so larger envelopes leave the value out.
 */
const MAX_DEAD_LETTER_BYTES = 900 * 1024;

/** Counts of a batch's outcomes, for metrics after the commit. */
export interface OutcomeTally {
  applied: number;
  skipped: string[];
  /** Tier of each retried record. */
  retried: number[];
  deadLettered: DeadLetterReason[];
  parked: string[];
}

/** Records and documents that the commit of one batch writes. */
export interface ForwardPlan {
  /** Retry and dead-letter records, produced in the batch's transaction. */
  records: OutgoingRecord[];
  /** Written to MongoDB before the transaction commits. */
  parked: ParkedRecord[];
  /** Mirror of the dead-letter records, written to MongoDB before the transaction commits. */
  deadLetters: DeadLetterEntry[];
  tally: OutcomeTally;
}

/** Inputs of `buildForwardPlan`. */
export interface ForwardPlanInput<T> {
  /** Records in offset order, each paired with its outcome. */
  entries: readonly { prepared: PreparedRecord<T>; outcome: RecordOutcome }[];
  layout: TierLayout;
  recordContext: (value: unknown) => RecordContext;
  now: number;
}

/** Turns the outcomes of a batch into the records and documents that make them durable. */
export function buildForwardPlan<T>(input: ForwardPlanInput<T>): ForwardPlan {
  const plan: ForwardPlan = {
    records: [],
    parked: [],
    deadLetters: [],
    tally: { applied: 0, skipped: [], retried: [], deadLettered: [], parked: [] },
  };
  const nowIso = new Date(input.now).toISOString();

  for (const { prepared, outcome } of input.entries) {
    switch (outcome.kind) {
      case 'applied':
        plan.tally.applied += 1;
        break;
      case 'skipped':
        plan.tally.skipped.push(outcome.reason);
        break;
      case 'retry': {
        const error = toErrorInfo(outcome.error);
        const tier = input.layout.nextTier(prepared.tier, outcome.retryAfterMs);
        if (tier === null) {
          addDeadLetter(plan, input, prepared, 'retries-exhausted', error, nowIso);
        } else {
          plan.records.push(retryRecord(input, prepared, tier, error, outcome.retryAfterMs));
          plan.tally.retried.push(tier);
        }
        break;
      }
      case 'dead-letter':
        addDeadLetter(plan, input, prepared, outcome.reason, toErrorInfo(outcome.error), nowIso);
        break;
      case 'park':
        plan.parked.push(parkedRecord(prepared, outcome, input.now));
        plan.tally.parked.push(outcome.reason);
        break;
    }
  }
  return plan;
}

function retryRecord<T>(
  input: ForwardPlanInput<T>,
  prepared: PreparedRecord<T>,
  tier: number,
  error: ErrorInfo,
  retryAfterMs: number | undefined,
): OutgoingRecord {
  const { record, delivery } = prepared;
  const delayMs = input.layout.retryDelay(tier, retryAfterMs);
  const failedAt = new Date(input.now).toISOString();
  return {
    topic: input.layout.retryTopic(tier),
    key: record.key,
    value: record.value,
    headers: retryRecordHeaders({
      headers: record.headers,
      sourceTimestamp: delivery.sourceTimestamp,
      state: {
        attempt: delivery.failedAttempts + 1,
        dueAt: new Date(input.now + delayMs).toISOString(),
        originalTopic: delivery.source.topic,
        originalPartition: delivery.source.partition,
        originalOffset: delivery.source.offset,
        firstFailedAt: delivery.firstFailedAt ?? failedAt,
        lastError: `${error.code}: ${error.message}`,
      },
    }),
  };
}

function addDeadLetter<T>(
  plan: ForwardPlan,
  input: ForwardPlanInput<T>,
  prepared: PreparedRecord<T>,
  reason: DeadLetterReason,
  error: ErrorInfo,
  nowIso: string,
): void {
  const { record, delivery } = prepared;
  const key = record.key === null ? null : record.key.toString('utf8');
  const headers = originalHeaders(record.headers);
  const attempts = delivery.failedAttempts + 1;
  const { value, valueEncoding } = encodeOriginalValue(record.value);
  const errorFields = {
    code: error.code.length > 0 ? error.code : 'UNKNOWN',
    message: error.message.length > 0 ? error.message : 'no error message',
    ...(error.details === undefined ? {} : { details: error.details }),
  };

  const envelopeFields: DeadLetterRecord = {
    schemaVersion: 1,
    source: {
      topic: delivery.source.topic,
      partition: delivery.source.partition,
      offset: delivery.source.offset,
      key,
      timestamp: new Date(delivery.sourceTimestamp).toISOString(),
    },
    reason,
    error: errorFields,
    attempts,
    firstFailedAt: delivery.firstFailedAt ?? nowIso,
    lastFailedAt: nowIso,
    headers,
    value,
    valueEncoding,
  };
  let envelope = encodeRecord(deadLetterRecordSchema, envelopeFields);
  if (envelope.byteLength > MAX_DEAD_LETTER_BYTES) {
    // The original stays readable in the source topic until its retention ends.
    envelope = encodeRecord(deadLetterRecordSchema, {
      ...envelopeFields,
      value: null,
      error: { ...errorFields, details: { valueOmitted: true, valueBytes: record.value?.byteLength ?? 0 } },
    });
  }
  plan.records.push({ topic: input.layout.deadLetterTopic, key: record.key, value: envelope });

  const context =
    prepared.sink === null
      ? contextOfRawValue(record.value, input.recordContext)
      : input.recordContext(prepared.sink.value);
  plan.deadLetters.push({
    accountId: context.accountId,
    eventId: context.eventId,
    source: delivery.source,
    key,
    reason,
    error: errorFields,
    value,
    valueEncoding,
    headers,
    attempts,
    deadLetteredAt: new Date(nowIso),
  });
  plan.tally.deadLettered.push(reason);
}

function parkedRecord<T>(
  prepared: PreparedRecord<T>,
  outcome: Extract<RecordOutcome, { kind: 'park' }>,
  now: number,
): ParkedRecord {
  const { record, delivery } = prepared;
  return {
    accountId: outcome.accountId,
    source: delivery.source,
    key: record.key === null ? null : record.key.toString('utf8'),
    // Parked records passed validation, so their value is UTF-8 JSON.
    value: record.value === null ? 'null' : record.value.toString('utf8'),
    headers: originalHeaders(record.headers),
    reason: outcome.reason,
    error: toErrorInfo(outcome.error),
    attempts: delivery.failedAttempts + 1,
    parkedAt: new Date(now),
  };
}

// A record that failed decoding may still be JSON with an account id worth listing it under.
function contextOfRawValue(
  value: Buffer | null,
  recordContext: (value: unknown) => RecordContext,
): RecordContext {
  if (value === null) {
    return { accountId: null, eventId: null };
  }
  try {
    return recordContext(JSON.parse(value.toString('utf8')));
  } catch {
    return { accountId: null, eventId: null };
  }
}
