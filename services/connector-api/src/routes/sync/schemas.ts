import { z } from 'zod';

import { idSchema, limitSchema, recordIdSchema, timestampSchema } from '../../http/common-schemas.js';

const storedErrorSchema = z.object({ code: z.string(), message: z.string() });

/** Sync counters, as they are kept per event and summed per connection. */
export const syncCountsSchema = z.object({
  applied: z.int().describe('Records applied to HubSpot.'),
  skippedByReason: z.record(z.string(), z.int()).describe('Records skipped on purpose, by reason.'),
  retrying: z.int().describe('Records waiting in a retry tier.'),
  deadLettered: z.int().describe('Records sent to a dead-letter topic.'),
  parked: z.int().describe('Records parked because the connection could not take writes.'),
  lastSuccessAt: timestampSchema.optional(),
  lastError: storedErrorSchema.extend({ at: timestampSchema }).optional(),
});

export type SyncCounts = z.infer<typeof syncCountsSchema>;

export const eventSyncSchema = syncCountsSchema
  .extend({
    eventId: z.string(),
    parkedWaiting: z.int().describe('Parked records of this event waiting for replay now.'),
    deadLettersWaiting: z.int().describe('Dead letters of this event not replayed yet.'),
  })
  .meta({ id: 'EventSync' });

export const connectionSyncSchema = z
  .object({
    accountId: z.string(),
    totals: syncCountsSchema.describe('Sum over every event of the account.'),
    parkedWaiting: z.int().describe('Parked records waiting for replay now.'),
    deadLettersWaiting: z.int().describe('Dead letters not replayed yet.'),
    events: z
      .array(eventSyncSchema.omit({ parkedWaiting: true, deadLettersWaiting: true }))
      .describe('Per event, most recently updated first, at most 200.'),
  })
  .meta({ id: 'ConnectionSync' });

const sourceSchema = z.object({ topic: z.string(), partition: z.int(), offset: z.string() });

export const parkedRecordSchema = z.object({
  id: z.string().describe('Record id for the API.'),
  source: sourceSchema.describe('Where the record was consumed.'),
  key: z.string().nullable(),
  value: z.string().describe('The record value as UTF-8 text.'),
  reason: z.string(),
  error: storedErrorSchema,
  attempts: z.int(),
  parkedAt: timestampSchema,
});

export const deadLetterSchema = z.object({
  id: z.string().describe('Record id, to pass to the replay route.'),
  eventId: z.string().optional(),
  source: sourceSchema.describe('Position of the original record, never a retry topic.'),
  reason: z.string(),
  error: storedErrorSchema,
  value: z.string().nullable().describe('Original value: UTF-8 text, or base64 when it was not valid UTF-8.'),
  deadLetteredAt: timestampSchema,
  replayedAt: timestampSchema.optional(),
});

export const failedListQuerySchema = z.strictObject({
  eventId: idSchema.optional().describe('Only records of this event.'),
  limit: limitSchema,
  after: recordIdSchema.optional().describe('Id of the last record of the previous page.'),
});

export const deadLetterListQuerySchema = failedListQuerySchema.extend({
  includeReplayed: z
    .enum(['true', 'false'], { error: 'expected true or false' })
    .default('false')
    .transform((value) => value === 'true')
    .describe('Also list dead letters that were replayed.'),
});

export const replayDeadLettersBodySchema = z.strictObject({
  ids: z
    .array(recordIdSchema)
    .min(1, { error: 'expected at least one id' })
    .max(500, { error: 'expected at most 500 ids' })
    .optional()
    .describe('Dead letters to replay; without ids, every one not replayed yet (up to 500 per call).'),
});

export const replayResultSchema = z.object({
  replayed: z.int().describe('Records sent to the first retry tier of their source topic.'),
});
