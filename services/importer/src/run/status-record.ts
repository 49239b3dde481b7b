import { encodeRecord, importStatusRecordSchema, type ImportState } from '@oniva-hubspot/contracts';
import type { OutgoingRecord } from '@oniva-hubspot/kafka';

import type { ImportProgress } from './counts.js';
import type { RunFailure } from './failure.js';

export interface StatusInput {
  topic: string;
  importId: string;
  accountId: string;
  state: ImportState;
  progress: ImportProgress;
  failure?: RunFailure | undefined;
  now?: Date;
}

/** Builds the `connector.import-status.v1` record of a run, keyed by import id. */
export function statusRecord(input: StatusInput): OutgoingRecord {
  const value = encodeRecord(importStatusRecordSchema, {
    schemaVersion: 1,
    importId: input.importId,
    accountId: input.accountId,
    state: input.state,
    counts: input.progress.counts,
    skippedByReason: input.progress.skippedByReason,
    ...(input.failure === undefined
      ? {}
      : { error: { code: input.failure.code, message: input.failure.message } }),
    updatedAt: (input.now ?? new Date()).toISOString(),
  });
  return { topic: input.topic, key: input.importId, value };
}
