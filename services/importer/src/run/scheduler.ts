import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';

import { acquireImportLease } from '@oniva-hubspot/store';

import { emptyProgress } from './counts.js';
import { ImportJob, type JobDependencies, type JobOutcome } from './import-job.js';
import { OPEN_STATES, RunDocument } from './run-document.js';
import { RunProducer } from './run-producer.js';
import { statusRecord } from './status-record.js';

export interface SchedulerOptions {
  /** Runs this process works on at the same time. */
  concurrency: number;
  /** Time between scans for runs to start or take over, in ms. */
  scanIntervalMs: number;
  /** Lease holder name; unique per process by default. */
  owner?: string;
}

// Maximum runs one scan looks at. A scan skips runs held by other replicas, so it reads more runs
// than it can start. Otherwise a few old runs held elsewhere would hide newer queued ones.
const SCAN_LIMIT = 100;

/**
 * Finds import runs to work on and runs them as jobs. A scan looks at queued and running runs,
 * oldest first. It takes the lease of each run whose lease is free or expired, up to
 * `concurrency` runs at a time. A requested run therefore starts at the next scan (or at once
 * after `wake`), and a run whose process died continues on any replica once its lease lapses.
 */
export class Scheduler {
  readonly owner: string;
  private readonly jobs = new Map<string, Promise<JobOutcome>>();
  private readonly shutdown = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private rescan = false;

  constructor(
    private readonly deps: JobDependencies,
    private readonly options: SchedulerOptions,
  ) {
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  /** Import ids of the runs this process is working on. */
  get activeRuns(): string[] {
    return [...this.jobs.keys()];
  }

  /** Starts scanning on a timer, beginning now. */
  start(): void {
    this.timer = setInterval(() => this.wake(), this.options.scanIntervalMs);
    this.timer.unref();
    this.wake();
  }

  /** Scans now (or right after the scan in progress), e.g. when an import request arrived. */
  wake(): void {
    if (this.shutdown.signal.aborted) return;
    if (this.scanning !== undefined) {
      this.rescan = true;
      return;
    }
    this.scanning = this.scan()
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'import run scan failed'))
      .finally(() => {
        this.scanning = undefined;
        if (this.rescan) {
          this.rescan = false;
          this.wake();
        }
      });
  }

  /** Stops scanning and lets every job release its lease at its checkpoint; resolves when all stopped. */
  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.shutdown.abort();
    await this.scanning;
    await Promise.allSettled(this.jobs.values());
  }

  /** Resolves when the job of `importId` on this process ends; undefined when there is none. */
  jobOf(importId: string): Promise<JobOutcome> | undefined {
    return this.jobs.get(importId);
  }

  private async scan(): Promise<void> {
    const free = this.options.concurrency - this.jobs.size;
    if (free <= 0) return;

    const candidates = await this.deps.models.ImportRun.find(
      { state: { $in: [...OPEN_STATES] }, importId: { $nin: [...this.jobs.keys()] } },
      { importId: 1, accountId: 1 },
    )
      .sort({ createdAt: 1 })
      .limit(SCAN_LIMIT)
      .lean()
      .exec();

    for (const candidate of candidates) {
      if (this.jobs.size >= this.options.concurrency || this.shutdown.signal.aborted) return;
      await this.tryStart(candidate.importId, candidate.accountId);
    }
  }

  private async tryStart(importId: string, accountId: string): Promise<void> {
    const result = await acquireImportLease(this.deps.models.ImportRunLease, {
      importId,
      owner: this.owner,
      ttlMs: this.deps.settings.leaseTtlMs,
    });
    if (!result.acquired) {
      if (result.reason === 'cancelled') await this.finishCancelledRun(importId, accountId);
      return;
    }

    const job = new ImportJob(this.deps, result.lease, result.checkpoint, this.shutdown.signal);
    this.deps.metrics.activeRuns.inc();
    const running = job.run().then((outcome) => {
      this.jobs.delete(importId);
      this.deps.metrics.activeRuns.dec();
      this.deps.metrics.runsEnded.inc({ outcome });
      if (outcome !== 'released') this.wake();
      return outcome;
    });
    this.jobs.set(importId, running);
  }

  /**
   * Records the end of a run that was cancelled while its lease was free, or whose holder let the
   * lease expire after the cancel. No process can take the lease after a cancel request, so the
   * writes here do not race with a job. A run whose holder's lease has not expired is left alone,
   * because that job ends the run itself at its next renewal or page.
   */
  private async finishCancelledRun(importId: string, accountId: string): Promise<void> {
    // The cancel row is the newest row of the run, and the row before it is the last holder's.
    const [lease, lastHolder] = await this.deps.models.ImportRunLease.find({ importId })
      .sort({ epoch: -1 })
      .limit(2)
      .lean()
      .exec();
    if (lastHolder?.owner && lastHolder.expiresAt.getTime() > Date.now()) {
      return;
    }
    const checkpoint = lease?.checkpoint;
    const progress =
      checkpoint === undefined
        ? emptyProgress()
        : { counts: checkpoint.counts, skippedByReason: checkpoint.skippedByReason };

    const producer = new RunProducer(this.deps.kafka, {
      transactionalIdPrefix: this.deps.settings.transactionalIdPrefix,
      importId,
    });
    await producer.connect();
    try {
      await producer.send([
        statusRecord({
          topic: this.deps.topics.importStatus,
          importId,
          accountId,
          state: 'cancelled',
          progress,
        }),
      ]);
    } finally {
      await producer.disconnect();
    }
    await new RunDocument(this.deps.models.ImportRun, importId).finish({
      state: 'cancelled',
      progress,
      cursor: checkpoint?.cursor,
    });
    this.deps.metrics.runsEnded.inc({ outcome: 'cancelled' });
    this.deps.logger.info({ importId, counts: progress.counts }, 'import run ended');
  }
}
