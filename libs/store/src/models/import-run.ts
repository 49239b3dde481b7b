import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

import { modelOptions, storedErrorSchema, type StoredError, type Timestamps } from './shared.js';

/** Kind of Oniva record an import creates: contacts of one event, or user accounts. */
export const IMPORT_TARGETS = ['event-contacts', 'accounts'] as const;
export type ImportTarget = (typeof IMPORT_TARGETS)[number];

/** `create` adds new contacts only; `upsert` adds new contacts and updates changed ones. */
export const IMPORT_MODES = ['create', 'upsert'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/** States of an import run; `completed`, `failed` and `cancelled` are final. */
export const IMPORT_STATES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export type ImportState = (typeof IMPORT_STATES)[number];

/** Maximum number of entries kept in `ImportRun.recentErrors`; older entries are dropped. */
export const IMPORT_RUN_ERROR_LIMIT = 100;

/** Parameters of an import: the list, the target, the mode and the field mapping. */
export interface ImportRequest {
  target: ImportTarget;
  /** HubSpot list id (ILS list id). */
  listId: string;
  mode: ImportMode;
  /** HubSpot contact property → Oniva field. */
  fieldMapping: { hubspotProperty: string; onivaField: string }[];
  /** Oniva event; set for `event-contacts` imports. */
  eventId?: string;
  /** Oniva workspace of the event; set for `event-contacts` imports. */
  workspaceId?: string;
  /** Oniva account type of created accounts; set for `accounts` imports. */
  accountType?: string;
}

/** Contacts by outcome; every contact read ends in at most one of the other counts. */
export interface ImportCounts {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
}

/** Position a resumed run continues from: the list memberships cursor after the last completed page. */
export interface ImportCursor {
  /** HubSpot paging cursor (`paging.next.after`) of the next page; absent before the first page. */
  after?: string;
  /** Number of pages completed. */
  page: number;
}

/**
 * One import of a HubSpot list into Oniva. Only the process holding the run's lease writes
 * progress; the lease itself lives in `import_run_leases` (see `acquireImportLease`), and `lease`
 * here is a copy for display.
 */
export interface ImportRun extends Timestamps {
  importId: string;
  accountId: string;
  request: ImportRequest;
  state: ImportState;
  /** Copy of the newest lease row: holder, epoch and expiry. */
  lease?: { owner: string | null; epoch: number; expiresAt: Date };
  cursor: ImportCursor;
  counts: ImportCounts;
  /** Skipped contacts by reason, e.g. `invalid-email` → 3; the values add up to `counts.skipped`. */
  skippedByReason: Map<string, number>;
  /**
   * The last `IMPORT_RUN_ERROR_LIMIT` per-contact failures. Named `recentErrors` because mongoose
   * reserves `errors` for validation errors on documents.
   */
  recentErrors: (StoredError & { contactId?: string; at: Date })[];
  /** Reason the run failed, set when `state` is `failed`. */
  failure?: StoredError;
  startedAt?: Date;
  finishedAt?: Date;
  /** When cancellation was requested; the lease log holds the authoritative cancel request. */
  cancelRequestedAt?: Date;
}

const countField = { type: Number, required: true, default: 0, min: 0 } as const;

export const importRunSchema = new Schema<ImportRun>(
  {
    importId: { type: String, required: true },
    accountId: { type: String, required: true },
    request: {
      target: { type: String, enum: IMPORT_TARGETS, required: true },
      listId: { type: String, required: true },
      mode: { type: String, enum: IMPORT_MODES, required: true },
      fieldMapping: {
        type: [
          new Schema(
            {
              hubspotProperty: { type: String, required: true },
              onivaField: { type: String, required: true },
            },
            { _id: false, strict: 'throw' },
          ),
        ],
        default: [],
      },
      eventId: { type: String },
      workspaceId: { type: String },
      accountType: { type: String },
    },
    state: { type: String, enum: IMPORT_STATES, required: true, default: 'queued' },
    lease: {
      type: new Schema(
        {
          owner: { type: String, default: null },
          epoch: { type: Number, required: true },
          expiresAt: { type: Date, required: true },
        },
        { _id: false, strict: 'throw' },
      ),
    },
    cursor: {
      after: { type: String },
      page: { type: Number, required: true, default: 0, min: 0 },
    },
    counts: {
      read: countField,
      created: countField,
      updated: countField,
      unchanged: countField,
      skipped: countField,
      failed: countField,
    },
    skippedByReason: { type: Map, of: Number, default: () => new Map() },
    recentErrors: {
      type: [
        new Schema(
          {
            code: { type: String, required: true },
            message: { type: String, required: true },
            contactId: { type: String },
            at: { type: Date, required: true },
          },
          { _id: false, strict: 'throw' },
        ),
      ],
      default: [],
    },
    failure: { type: storedErrorSchema },
    startedAt: { type: Date },
    finishedAt: { type: Date },
    cancelRequestedAt: { type: Date },
  },
  modelOptions('import_runs'),
);
importRunSchema.index({ importId: 1 }, { unique: true });

importRunSchema.pre('validate', function checkTargetFields() {
  const request = this.request;
  if (request.target === 'event-contacts') {
    if (!request.eventId)
      this.invalidate('request.eventId', 'An event-contacts import needs request.eventId');
    if (!request.workspaceId)
      this.invalidate('request.workspaceId', 'An event-contacts import needs request.workspaceId');
  }
  if (request.target === 'accounts' && !request.accountType) {
    this.invalidate('request.accountType', 'An accounts import needs request.accountType');
  }
});
importRunSchema.index({ accountId: 1, createdAt: -1 });

export type ImportRunModel = Model<ImportRun>;

export function importRunModel(connection: MongooseConnection): ImportRunModel {
  return connection.model<ImportRun>('ImportRun', importRunSchema);
}
