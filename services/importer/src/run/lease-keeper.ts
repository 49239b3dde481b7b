import {
  releaseImportLease,
  renewImportLease,
  StoreError,
  type ImportCheckpoint,
  type ImportLease,
  type ImportRunLeaseModel,
} from '@oniva-hubspot/store';
import type { Logger } from '@oniva-hubspot/observability';

/** Reason this process stopped holding a run's lease. */
export type LeaseEnd = 'lost' | 'cancelled';

/**
 * Keeps the lease of one import run: renews it on a timer (every third of its duration), saves
 * page checkpoints with renewals, and releases it. Renewals and checkpoints go through one queue,
 * because each inserts the next epoch and two concurrent inserts from one process would make it
 * lose its own lease. When the lease is lost or the run is cancelled, `signal` aborts, so calls in
 * flight stop.
 */
export class LeaseKeeper {
  private lease: ImportLease;
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private readonly abort = new AbortController();
  private endReason: LeaseEnd | undefined;

  constructor(
    private readonly model: ImportRunLeaseModel,
    lease: ImportLease,
    private readonly options: { ttlMs: number; logger: Logger },
  ) {
    this.lease = lease;
  }

  /** Aborted once the lease is lost or the run is cancelled. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** Reason the lease ended, or undefined while it is held. */
  get ended(): LeaseEnd | undefined {
    return this.endReason;
  }

  get epoch(): number {
    return this.lease.epoch;
  }

  get expiresAt(): Date {
    return this.lease.expiresAt;
  }

  /** Starts renewing on a timer. */
  start(): void {
    const intervalMs = Math.max(100, Math.floor(this.options.ttlMs / 3));
    this.timer = setInterval(() => {
      this.renew(undefined).catch((error: unknown) => {
        // During a database outage the timer keeps trying until the lease expires. After that another
        // process may take the run over.
        if (this.endReason === undefined && Date.now() >= this.lease.expiresAt.getTime()) {
          this.end('lost');
        }
        this.options.logger.warn({ err: error, epoch: this.lease.epoch }, 'import lease renewal failed');
      });
    }, intervalMs);
    this.timer.unref();
  }

  /**
   * Renews the lease and saves `checkpoint` with it. Throws `StoreError` `STORE_ERR_LEASE_LOST` or
   * `STORE_ERR_IMPORT_CANCELLED`, after which `ended` is set to the reason, or a database error.
   */
  checkpoint(checkpoint: ImportCheckpoint): Promise<void> {
    return this.renew(checkpoint);
  }

  /** Stops the timer and gives the lease up, saving `checkpoint`; does nothing once the lease ended. */
  async release(checkpoint?: ImportCheckpoint): Promise<void> {
    this.stop();
    await this.enqueue(async () => {
      if (this.endReason !== undefined) return;
      await releaseImportLease(this.model, this.lease, checkpoint === undefined ? {} : { checkpoint });
    });
  }

  /** Stops the renewal timer. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private renew(checkpoint: ImportCheckpoint | undefined): Promise<void> {
    return this.enqueue(async () => {
      if (this.endReason !== undefined) {
        throw new StoreError(
          this.endReason === 'cancelled' ? 'STORE_ERR_IMPORT_CANCELLED' : 'STORE_ERR_LEASE_LOST',
          `Lease of import ${this.lease.importId} already ended (${this.endReason})`,
        );
      }
      try {
        this.lease = await renewImportLease(this.model, this.lease, {
          ttlMs: this.options.ttlMs,
          ...(checkpoint === undefined ? {} : { checkpoint }),
        });
      } catch (error) {
        if (error instanceof StoreError && error.code === 'STORE_ERR_IMPORT_CANCELLED') this.end('cancelled');
        if (error instanceof StoreError && error.code === 'STORE_ERR_LEASE_LOST') this.end('lost');
        throw error;
      }
    });
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task, task);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private end(reason: LeaseEnd): void {
    if (this.endReason !== undefined) return;
    this.endReason = reason;
    this.stop();
    this.abort.abort(
      new StoreError(
        reason === 'cancelled' ? 'STORE_ERR_IMPORT_CANCELLED' : 'STORE_ERR_LEASE_LOST',
        `import lease ${reason}`,
      ),
    );
  }
}
