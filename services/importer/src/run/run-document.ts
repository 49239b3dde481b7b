import type { ImportState } from '@oniva-hubspot/contracts';
import { IMPORT_RUN_ERROR_LIMIT, type ImportCursor, type ImportRunModel } from '@oniva-hubspot/store';

import type { ImportProgress } from './counts.js';
import type { RunFailure } from './failure.js';

/** States in which a run may still be worked on. */
export const OPEN_STATES: readonly ImportState[] = ['queued', 'running'];

/**
 * Writes of one run's ImportRun document. Only the lease holder writes progress, so the document
 * has one writer at a time. The connector API creates the document, sets `cancelRequestedAt`, and
 * marks a run failed when it cannot publish the request.
 */
export class RunDocument {
  constructor(
    private readonly model: ImportRunModel,
    private readonly importId: string,
  ) {}

  /**
   * Marks the run `running` and copies the lease, keeping `startedAt` of an earlier holder. Returns
   * false, changing nothing, when the run already ended, e.g. because the connector API marked it
   * failed after it could not publish the request.
   */
  async markRunning(
    lease: { owner: string; epoch: number; expiresAt: Date },
    now = new Date(),
  ): Promise<boolean> {
    const open = { importId: this.importId, state: { $in: OPEN_STATES } };
    const result = await this.model.updateOne(open, { $set: { state: 'running', lease } });
    if (result.matchedCount === 0) {
      return false;
    }
    await this.model.updateOne({ ...open, startedAt: { $exists: false } }, { $set: { startedAt: now } });
    return true;
  }

  /** Stores the progress after a page, with the failures of its contacts (the newest 100 are kept). */
  async saveProgress(update: {
    cursor: ImportCursor;
    progress: ImportProgress;
    lease: { owner: string; epoch: number; expiresAt: Date };
    failures: readonly { contactId: string; code: string; message: string }[];
    now?: Date;
  }): Promise<void> {
    const at = update.now ?? new Date();
    await this.model.updateOne(
      { importId: this.importId },
      {
        $set: {
          cursor: update.cursor,
          counts: update.progress.counts,
          skippedByReason: update.progress.skippedByReason,
          lease: update.lease,
        },
        ...(update.failures.length === 0
          ? {}
          : {
              $push: {
                recentErrors: {
                  $each: update.failures.map((failure) => ({ ...failure, at })),
                  $slice: -IMPORT_RUN_ERROR_LIMIT,
                },
              },
            }),
      },
    );
  }

  /** Stores the final state, counts and (for `failed`) the failure, unless the run already ended. */
  async finish(update: {
    state: Extract<ImportState, 'completed' | 'failed' | 'cancelled'>;
    progress: ImportProgress;
    cursor?: ImportCursor | undefined;
    failure?: RunFailure | undefined;
    now?: Date;
  }): Promise<void> {
    await this.model.updateOne(
      { importId: this.importId, state: { $in: OPEN_STATES } },
      {
        $set: {
          state: update.state,
          finishedAt: update.now ?? new Date(),
          counts: update.progress.counts,
          skippedByReason: update.progress.skippedByReason,
          ...(update.cursor === undefined ? {} : { cursor: update.cursor }),
          ...(update.failure === undefined ? {} : { failure: update.failure }),
        },
        $unset: { lease: 1 },
      },
    );
  }

  /** Returns true when the connector API requested cancellation of the run. */
  async cancelRequested(): Promise<boolean> {
    const run = await this.model.findOne({ importId: this.importId }, { cancelRequestedAt: 1 }).lean().exec();
    return run?.cancelRequestedAt !== undefined && run.cancelRequestedAt !== null;
  }
}
