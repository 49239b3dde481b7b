import type { DeadLetter, ParkedMessage, SyncStats } from '@oniva-hubspot/store';
import { decodeStoredHeaders } from '@oniva-hubspot/kafka';
import type { Types } from 'mongoose';

import { ApiError } from '../../errors.js';
import { isoOrUndefined } from '../../http/common-schemas.js';
import { replayToFirstRetryTier } from '../../messaging/replay.js';
import type { RequestContext } from '../shared/context.js';
import { plainRecord } from '../shared/plain-record.js';
import type { SyncCounts } from './schemas.js';

/** Dead letters replayed by one call without ids. */
const DEAD_LETTER_REPLAY_BATCH = 500;

/** Events listed in the connection summary. */
const SUMMARY_EVENTS = 200;

/** Sums the sync counters of every event of the account and counts what waits for a person. */
export async function connectionSync(context: RequestContext, accountId: string) {
  const { models } = context.deps;
  const stats = await models.SyncStats.find({ accountId }).sort({ updatedAt: -1 }).limit(10_000);
  const [parkedWaiting, deadLettersWaiting] = await Promise.all([
    models.ParkedMessage.countDocuments({ accountId }),
    models.DeadLetter.countDocuments({ accountId, replayedAt: null }),
  ]);
  return {
    accountId,
    totals: sumCounts(stats),
    parkedWaiting,
    deadLettersWaiting,
    events: stats.slice(0, SUMMARY_EVENTS).map((entry) => ({ eventId: entry.eventId, ...countsOf(entry) })),
  };
}

/** Sync counters of one event; zeros when nothing was synced for it yet. */
export async function eventSync(context: RequestContext, accountId: string, eventId: string) {
  const { models } = context.deps;
  const [stats, parkedWaiting, deadLettersWaiting] = await Promise.all([
    models.SyncStats.findOne({ accountId, eventId }),
    // Every source topic is keyed by event id, so a parked record's key is its event.
    models.ParkedMessage.countDocuments({ accountId, key: eventId }),
    models.DeadLetter.countDocuments({ accountId, eventId, replayedAt: null }),
  ]);
  return {
    eventId,
    ...(stats === null ? sumCounts([]) : countsOf(stats)),
    parkedWaiting,
    deadLettersWaiting,
  };
}

/** Lists parked records, oldest first. */
export async function listParked(
  context: RequestContext,
  accountId: string,
  query: { eventId?: string | undefined; limit: number; after?: string | undefined },
) {
  const filter: Record<string, unknown> = { accountId };
  if (query.eventId !== undefined) filter.key = query.eventId;
  if (query.after !== undefined) filter._id = { $gt: query.after };
  const records = await context.deps.models.ParkedMessage.find(filter).sort({ _id: 1 }).limit(query.limit);
  return { records: records.map(toParkedView), ...nextCursor(records, query.limit) };
}

/** Lists dead letters, oldest first. */
export async function listDeadLetters(
  context: RequestContext,
  accountId: string,
  query: {
    eventId?: string | undefined;
    limit: number;
    after?: string | undefined;
    includeReplayed: boolean;
  },
) {
  const filter: Record<string, unknown> = { accountId };
  if (query.eventId !== undefined) filter.eventId = query.eventId;
  if (!query.includeReplayed) filter.replayedAt = null;
  if (query.after !== undefined) filter._id = { $gt: query.after };
  const records = await context.deps.models.DeadLetter.find(filter).sort({ _id: 1 }).limit(query.limit);
  return { records: records.map(toDeadLetterView), ...nextCursor(records, query.limit) };
}

/** Replays the account's parked records through their first retry tier. */
export async function replayParked(
  context: RequestContext,
  accountId: string,
): Promise<{ replayed: number }> {
  const replayed = await context.deps.replayParked(accountId);
  context.log.info({ accountId, replayed }, 'parked records replayed');
  return { replayed };
}

/**
 * Replays dead letters through the first retry tier of their source topic and marks them replayed.
 * With ids, every id must be a dead letter of this account; without, the oldest ones not replayed yet.
 */
export async function replayDeadLetters(
  context: RequestContext,
  accountId: string,
  ids: readonly string[] | undefined,
): Promise<{ replayed: number }> {
  const { models, messaging } = context.deps;
  const records =
    ids === undefined
      ? await models.DeadLetter.find({ accountId, replayedAt: null })
          .sort({ _id: 1 })
          .limit(DEAD_LETTER_REPLAY_BATCH)
      : await models.DeadLetter.find({ accountId, _id: { $in: ids } });

  if (ids !== undefined) {
    const found = new Set(records.map((record) => String(record._id)));
    const missing = [...new Set(ids)].filter((id) => !found.has(id));
    if (missing.length > 0) {
      throw new ApiError(
        'API_DEAD_LETTER_NOT_FOUND',
        `No dead letter with id ${missing.join(', ')} for account "${accountId}". ` +
          `GET /v1/accounts/${accountId}/sync/dead-letters lists them.`,
        { details: { missingIds: missing } },
      );
    }
  }
  if (records.length === 0) {
    return { replayed: 0 };
  }

  const now = context.deps.now();
  await replayToFirstRetryTier(
    messaging,
    records.map((record) => ({
      source: record.source,
      key: record.key,
      // A value that was not valid UTF-8 is stored as base64 and goes back as the original bytes.
      value:
        record.valueEncoding === 'base64' && record.value !== null
          ? Buffer.from(record.value, 'base64')
          : record.value,
      headers: decodeStoredHeaders(record.headers),
      firstFailedAt: record.deadLetteredAt,
      lastError: `dead-lettered as ${record.reason}: ${record.error.code}: ${record.error.message}`,
    })),
    now,
  );
  await models.DeadLetter.updateMany(
    { _id: { $in: records.map((record) => record._id) } },
    { $set: { replayedAt: now } },
  );
  context.log.info({ accountId, replayed: records.length }, 'dead letters replayed');
  return { replayed: records.length };
}

function countsOf(stats: SyncStats): SyncCounts {
  return {
    applied: stats.applied,
    skippedByReason: plainRecord<number>(stats.skippedByReason),
    retrying: stats.retrying,
    deadLettered: stats.deadLettered,
    parked: stats.parked,
    ...(stats.lastSuccessAt ? { lastSuccessAt: stats.lastSuccessAt.toISOString() } : {}),
    ...(stats.lastError
      ? {
          lastError: {
            code: stats.lastError.code,
            message: stats.lastError.message,
            at: stats.lastError.at.toISOString(),
          },
        }
      : {}),
  };
}

function sumCounts(stats: readonly SyncStats[]): SyncCounts {
  const totals: SyncCounts = { applied: 0, skippedByReason: {}, retrying: 0, deadLettered: 0, parked: 0 };
  for (const entry of stats) {
    const counts = countsOf(entry);
    totals.applied += counts.applied;
    totals.retrying += counts.retrying;
    totals.deadLettered += counts.deadLettered;
    totals.parked += counts.parked;
    for (const [reason, count] of Object.entries(counts.skippedByReason)) {
      totals.skippedByReason[reason] = (totals.skippedByReason[reason] ?? 0) + count;
    }
    if (
      counts.lastSuccessAt !== undefined &&
      (totals.lastSuccessAt === undefined || counts.lastSuccessAt > totals.lastSuccessAt)
    ) {
      totals.lastSuccessAt = counts.lastSuccessAt;
    }
    if (
      counts.lastError !== undefined &&
      (totals.lastError === undefined || counts.lastError.at > totals.lastError.at)
    ) {
      totals.lastError = counts.lastError;
    }
  }
  return totals;
}

function toParkedView(record: ParkedMessage & { _id: Types.ObjectId }) {
  return {
    id: String(record._id),
    source: { topic: record.source.topic, partition: record.source.partition, offset: record.source.offset },
    key: record.key,
    value: record.value,
    reason: record.reason,
    error: { code: record.error.code, message: record.error.message },
    attempts: record.attempts,
    parkedAt: record.parkedAt.toISOString(),
  };
}

function toDeadLetterView(record: DeadLetter & { _id: Types.ObjectId }) {
  return {
    id: String(record._id),
    ...(record.eventId ? { eventId: record.eventId } : {}),
    source: { topic: record.source.topic, partition: record.source.partition, offset: record.source.offset },
    reason: record.reason,
    error: { code: record.error.code, message: record.error.message },
    value: record.value,
    deadLetteredAt: record.deadLetteredAt.toISOString(),
    ...(record.replayedAt ? { replayedAt: isoOrUndefined(record.replayedAt) } : {}),
  };
}

function nextCursor(records: readonly { _id: Types.ObjectId }[], limit: number): { nextAfter?: string } {
  const last = records.at(-1);
  return records.length === limit && last !== undefined ? { nextAfter: String(last._id) } : {};
}
