import { z } from 'zod';

import { countSchema, idSchema, isoDateTimeSchema, schemaVersionSchema } from './primitives.js';

/** States of an import run. `completed`, `failed` and `cancelled` are final. */
export const IMPORT_STATES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;

/** State of an import run. */
export type ImportState = (typeof IMPORT_STATES)[number];

/**
 * Contacts of an import run by outcome. The importer counts each contact read in at most one of
 * the other counts; the schema does not check that.
 */
export const importCountsSchema = z.looseObject({
  read: countSchema,
  created: countSchema,
  updated: countSchema,
  unchanged: countSchema,
  skipped: countSchema,
  failed: countSchema,
});

/** Counts of an import run by outcome. */
export type ImportCounts = z.infer<typeof importCountsSchema>;

/**
 * Value of `connector.import-status.v1`: progress or final result of an import run. Key: `importId`.
 * The counts in `skippedByReason` add up to `counts.skipped`, and a `failed` run carries `error`.
 */
export const importStatusRecordSchema = z
  .looseObject({
    schemaVersion: schemaVersionSchema,
    importId: idSchema,
    accountId: idSchema,
    state: z.enum(IMPORT_STATES),
    counts: importCountsSchema,
    skippedByReason: z
      .record(idSchema, countSchema)
      .describe('Skipped contacts by reason, e.g. {"invalid-email": 3, "duplicate-email": 1}.'),
    error: z
      .looseObject({ code: idSchema, message: idSchema })
      .optional()
      .describe('Reason the run failed; present when state is failed.'),
    updatedAt: isoDateTimeSchema,
  })
  .superRefine((record, ctx) => {
    const skippedTotal = Object.values(record.skippedByReason).reduce((sum, count) => sum + count, 0);
    if (skippedTotal !== record.counts.skipped) {
      ctx.addIssue({
        code: 'custom',
        path: ['skippedByReason'],
        message: `expected counts that add up to counts.skipped (${record.counts.skipped}), received a total of ${skippedTotal}`,
      });
    }
    if (record.state === 'failed' && record.error === undefined) {
      ctx.addIssue({ code: 'custom', path: ['error'], message: 'expected an error for a failed import run' });
    }
  });

/** Value of `connector.import-status.v1`. */
export type ImportStatusRecord = z.infer<typeof importStatusRecordSchema>;
