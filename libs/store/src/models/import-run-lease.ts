import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

import type { ImportCounts, ImportCursor } from './import-run.js';
import { modelOptions, type Timestamps } from './shared.js';

/** Operation that wrote a lease row. */
export const LEASE_ROW_KINDS = ['acquire', 'renew', 'release', 'cancel'] as const;
export type LeaseRowKind = (typeof LEASE_ROW_KINDS)[number];

/** Progress saved with a lease row, so a process that takes over resumes from it. */
export interface ImportCheckpoint {
  cursor: ImportCursor;
  counts: ImportCounts;
  skippedByReason: Record<string, number>;
}

/**
 * One entry of an import run's lease log. The row with the highest `epoch` is the current lease.
 * Rows are only inserted, never updated: the unique index on (importId, epoch) lets exactly one
 * writer create each epoch, which is safe on servers that do not serialise concurrent updates of
 * one document (FerretDB 1.x).
 */
export interface ImportRunLease extends Timestamps {
  importId: string;
  /** Sequence number of the row within the run, from 1. */
  epoch: number;
  /** Process holding the lease from this row on; null after a release or a cancel request. */
  owner: string | null;
  /** When the lease lapses unless renewed. Compared with the clock of the process that reads it. */
  expiresAt: Date;
  kind: LeaseRowKind;
  /** Progress at the time of the row, carried over from the previous row when not given. */
  checkpoint?: ImportCheckpoint;
  /** True on every row from the first cancel request on. */
  cancelRequested: boolean;
}

const checkpointSchema = new Schema<ImportCheckpoint>(
  {
    cursor: { after: { type: String }, page: { type: Number, required: true, min: 0 } },
    counts: {
      read: { type: Number, required: true },
      created: { type: Number, required: true },
      updated: { type: Number, required: true },
      unchanged: { type: Number, required: true },
      skipped: { type: Number, required: true },
      failed: { type: Number, required: true },
    },
    skippedByReason: { type: Schema.Types.Mixed, default: {} },
  },
  { _id: false, strict: 'throw', minimize: false },
);

export const importRunLeaseSchema = new Schema<ImportRunLease>(
  {
    importId: { type: String, required: true },
    epoch: { type: Number, required: true, min: 1 },
    owner: { type: String, default: null },
    expiresAt: { type: Date, required: true },
    kind: { type: String, enum: LEASE_ROW_KINDS, required: true },
    checkpoint: { type: checkpointSchema },
    cancelRequested: { type: Boolean, required: true, default: false },
  },
  modelOptions('import_run_leases'),
);
importRunLeaseSchema.index({ importId: 1, epoch: 1 }, { unique: true });

export type ImportRunLeaseModel = Model<ImportRunLease>;

export function importRunLeaseModel(connection: MongooseConnection): ImportRunLeaseModel {
  return connection.model<ImportRunLease>('ImportRunLease', importRunLeaseSchema);
}
