import { StoreError, isDuplicateKeyError } from './errors.js';
import type {
  ImportCheckpoint,
  ImportRunLease,
  ImportRunLeaseModel,
  LeaseRowKind,
} from './models/import-run-lease.js';

/**
 * Leases of import runs, built on inserts only. Each change of the lease inserts the next epoch
 * into `import_run_leases`. The unique index on (importId, epoch) lets exactly one of several
 * concurrent writers succeed, so a duplicate-key error means that another writer won. A conditional
 * update would not do, because FerretDB 1.x lets two concurrent updates of one document both
 * report success.
 */

/** A lease held by this process. Pass it to `renewImportLease` and `releaseImportLease`. */
export interface ImportLease {
  importId: string;
  owner: string;
  epoch: number;
  expiresAt: Date;
}

export type AcquireImportLeaseResult =
  | { acquired: true; lease: ImportLease; checkpoint: ImportCheckpoint | undefined }
  | { acquired: false; reason: 'held' | 'cancelled'; current: ImportRunLease };

/** Lease rows kept per run behind the newest one; older rows are deleted on renewal. */
const KEPT_ROWS = 10;
const MAX_ATTEMPTS = 5;

/** Returns the newest lease row of a run, or null when the run was never leased. */
export async function readImportLease(
  model: ImportRunLeaseModel,
  importId: string,
): Promise<ImportRunLease | null> {
  return model.findOne({ importId }).sort({ epoch: -1 }).lean<ImportRunLease>().exec();
}

/**
 * Takes the lease of an import run when no process holds it, its holder let it expire, or `owner`
 * already holds it (a restarted process with the same owner id). Returns the checkpoint to resume
 * from. Expiry is judged by this process's clock, so keep clocks in sync and `ttlMs` well above the skew.
 */
export async function acquireImportLease(
  model: ImportRunLeaseModel,
  request: { importId: string; owner: string; ttlMs: number; now?: Date },
): Promise<AcquireImportLeaseResult> {
  for (let attempt = 1; ; attempt += 1) {
    const now = request.now ?? new Date();
    const current = await readImportLease(model, request.importId);
    if (current?.cancelRequested) return { acquired: false, reason: 'cancelled', current };
    const heldByOther = current !== null && current.owner !== null && current.owner !== request.owner;
    if (heldByOther && current.expiresAt.getTime() > now.getTime())
      return { acquired: false, reason: 'held', current };

    const expiresAt = new Date(now.getTime() + request.ttlMs);
    const epoch = await insertRow(model, current, {
      importId: request.importId,
      owner: request.owner,
      expiresAt,
      kind: 'acquire',
    });
    if (epoch !== null) {
      const lease = { importId: request.importId, owner: request.owner, epoch, expiresAt };
      return { acquired: true, lease, checkpoint: current?.checkpoint };
    }
    if (attempt >= MAX_ATTEMPTS) {
      const latest = await readImportLease(model, request.importId);
      return { acquired: false, reason: latest?.cancelRequested ? 'cancelled' : 'held', current: latest! };
    }
  }
}

/**
 * Extends a held lease by `ttlMs`, saving `checkpoint` with it. Throws `StoreError`
 * `STORE_ERR_IMPORT_CANCELLED` when cancellation was requested, or `STORE_ERR_LEASE_LOST` when
 * another process took the lease. In both cases the caller must stop working on the run.
 */
export async function renewImportLease(
  model: ImportRunLeaseModel,
  lease: ImportLease,
  options: { ttlMs: number; checkpoint?: ImportCheckpoint; now?: Date },
): Promise<ImportLease> {
  const now = options.now ?? new Date();
  const current = await currentRowOf(model, lease);
  const expiresAt = new Date(now.getTime() + options.ttlMs);
  const epoch = await insertRow(model, current, {
    importId: lease.importId,
    owner: lease.owner,
    expiresAt,
    kind: 'renew',
    checkpoint: options.checkpoint,
  });
  if (epoch === null) throw await lostLeaseError(model, lease);
  const renewed = { ...lease, epoch, expiresAt };

  // Best effort: old rows only matter for debugging, and a failed delete leaves them for next time.
  await model
    .deleteMany({ importId: lease.importId, epoch: { $lt: renewed.epoch - KEPT_ROWS } })
    .catch(() => undefined);
  return renewed;
}

/**
 * Gives a held lease up at once, saving `checkpoint`, so another process can continue without
 * waiting for expiry. Returns false when the lease had already been lost or the run cancelled.
 */
export async function releaseImportLease(
  model: ImportRunLeaseModel,
  lease: ImportLease,
  options: { checkpoint?: ImportCheckpoint; now?: Date } = {},
): Promise<boolean> {
  const current = await readImportLease(model, lease.importId);
  if (current?.epoch !== lease.epoch) return false;
  const epoch = await insertRow(model, current, {
    importId: lease.importId,
    owner: null,
    expiresAt: options.now ?? new Date(),
    kind: 'release',
    checkpoint: options.checkpoint,
  });
  return epoch !== null;
}

/**
 * Records a cancel request for an import run. The holder learns of it at its next renewal
 * (`STORE_ERR_IMPORT_CANCELLED`), and no process can acquire the run afterwards.
 */
export async function requestImportCancel(
  model: ImportRunLeaseModel,
  importId: string,
  now: Date = new Date(),
): Promise<void> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS * 4; attempt += 1) {
    const current = await readImportLease(model, importId);
    if (current?.cancelRequested) return;
    const epoch = await insertRow(model, current, {
      importId,
      owner: null,
      expiresAt: now,
      kind: 'cancel',
      cancelRequested: true,
    });
    if (epoch !== null) return;
  }
  throw new StoreError(
    'STORE_ERR_LEASE_LOST',
    `Could not record the cancel request of import ${importId}: the lease changed on every attempt`,
  );
}

/** Throws like `renewImportLease` when `lease` is no longer the newest row of its run. */
export async function checkImportLease(model: ImportRunLeaseModel, lease: ImportLease): Promise<void> {
  await currentRowOf(model, lease);
}

async function currentRowOf(model: ImportRunLeaseModel, lease: ImportLease): Promise<ImportRunLease> {
  const current = await readImportLease(model, lease.importId);
  if (current?.epoch !== lease.epoch || current.owner !== lease.owner)
    throw await lostLeaseError(model, lease);
  return current;
}

// Inserts the row after `previous` and returns its epoch, or null when another writer inserted that epoch first.
async function insertRow(
  model: ImportRunLeaseModel,
  previous: ImportRunLease | null,
  row: {
    importId: string;
    owner: string | null;
    expiresAt: Date;
    kind: LeaseRowKind;
    checkpoint?: ImportCheckpoint | undefined;
    cancelRequested?: boolean;
  },
): Promise<number | null> {
  const epoch = (previous?.epoch ?? 0) + 1;
  const checkpoint = row.checkpoint ?? previous?.checkpoint;
  try {
    await model.create({
      importId: row.importId,
      epoch,
      owner: row.owner,
      expiresAt: row.expiresAt,
      kind: row.kind,
      ...(checkpoint ? { checkpoint } : {}),
      cancelRequested: row.cancelRequested ?? previous?.cancelRequested ?? false,
    });
  } catch (error) {
    if (isDuplicateKeyError(error)) return null;
    throw error;
  }
  return epoch;
}

async function lostLeaseError(model: ImportRunLeaseModel, lease: ImportLease): Promise<StoreError> {
  const current = await readImportLease(model, lease.importId);
  if (current?.cancelRequested) {
    return new StoreError(
      'STORE_ERR_IMPORT_CANCELLED',
      `Import ${lease.importId} was cancelled; stop and record the cancellation`,
    );
  }
  return new StoreError(
    'STORE_ERR_LEASE_LOST',
    `Lease of import ${lease.importId} at epoch ${lease.epoch} was taken over by ${current?.owner ?? 'nobody'} at epoch ${current?.epoch ?? 0}; stop working on this run`,
  );
}
