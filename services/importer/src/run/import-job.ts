import type { HubSpotGateway } from '@oniva-hubspot/hubspot-gateway';
import { isInfrastructureError, type KafkaClient, type OutgoingRecord } from '@oniva-hubspot/kafka';
import type { Logger } from '@oniva-hubspot/observability';
import {
  requestImportCancel,
  StoreError,
  type ImportCheckpoint,
  type ImportCursor,
  type ImportLease,
  type StoreModels,
  type TokenCipher,
} from '@oniva-hubspot/store';

import { markConnectionUnhealthy } from '../hubspot/connection-health.js';
import { openConnection } from '../hubspot/open-connection.js';
import type { ImportTopics } from '../mapping/import-records.js';
import { propertiesToRead } from '../mapping/map-contact.js';
import type { ImporterMetrics } from '../metrics.js';
import { addTally, emptyProgress, type ImportProgress, type PageTally } from './counts.js';
import {
  diagnoseConnectionFailure,
  runFailureOf,
  type ConnectionDiagnosis,
  type RunFailure,
} from './failure.js';
import { importSpecOf, targetKeyOf, type ImportSpec } from './import-spec.js';
import { LeaseKeeper } from './lease-keeper.js';
import { PageReader } from './page-reader.js';
import { planPage } from './plan-page.js';
import { loadPriorImports, recordEmittedContacts } from './imported-contacts.js';
import { OPEN_STATES, RunDocument } from './run-document.js';
import { RunProducer } from './run-producer.js';
import { statusRecord } from './status-record.js';

/** Clients, models and settings that import jobs use. */
export interface JobDependencies {
  models: StoreModels;
  cipher: TokenCipher;
  gateway: HubSpotGateway;
  kafka: KafkaClient;
  topics: ImportTopics & { importStatus: string };
  settings: {
    pageSize: number;
    pageAttempts: number;
    leaseTtlMs: number;
    /** Prefix of the per-run transactional ids, e.g. the Kafka client id. */
    transactionalIdPrefix: string;
  };
  metrics: ImporterMetrics;
  logger: Logger;
}

/**
 * Outcome of a job: a final state of the run, or the run handed on. `released` means released at
 * shutdown, `lost` taken over by another process, and `abandoned` left after an infrastructure
 * error, so its lease lapses and a later scan picks the run up.
 */
export type JobOutcome = 'completed' | 'failed' | 'cancelled' | 'released' | 'lost' | 'abandoned';

/** Position of a run: the next page's cursor and the counts so far. */
interface Position {
  cursor: ImportCursor;
  progress: ImportProgress;
}

/**
 * Works on one import run while this process holds its lease: pages the list, emits each page's
 * records and status in one Kafka transaction, records the emitted contacts, then saves the
 * checkpoint with a lease renewal. Resumes from the checkpoint the lease carried.
 */
export class ImportJob {
  private readonly logger: Logger;
  private readonly keeper: LeaseKeeper;
  private readonly document: RunDocument;
  private readonly producer: RunProducer;
  private position: Position;

  constructor(
    private readonly deps: JobDependencies,
    private readonly lease: ImportLease,
    checkpoint: ImportCheckpoint | undefined,
    private readonly shutdownSignal: AbortSignal,
  ) {
    this.logger = deps.logger.child({ importId: lease.importId });
    this.keeper = new LeaseKeeper(deps.models.ImportRunLease, lease, {
      ttlMs: deps.settings.leaseTtlMs,
      logger: this.logger,
    });
    this.document = new RunDocument(deps.models.ImportRun, lease.importId);
    this.producer = new RunProducer(deps.kafka, {
      transactionalIdPrefix: deps.settings.transactionalIdPrefix,
      importId: lease.importId,
    });
    this.position = {
      cursor: checkpoint?.cursor ?? { page: 0 },
      progress:
        checkpoint === undefined
          ? emptyProgress()
          : { counts: checkpoint.counts, skippedByReason: checkpoint.skippedByReason },
    };
  }

  /** Runs the import until it ends or is handed on. Never throws: every error ends in an outcome. */
  async run(): Promise<JobOutcome> {
    this.keeper.start();
    let spec: ImportSpec | undefined;
    let accountId: string | undefined;
    let reader: PageReader | undefined;
    try {
      const stored = await this.deps.models.ImportRun.findOne({ importId: this.lease.importId })
        .lean()
        .exec();
      if (stored === null) {
        this.logger.warn({}, 'import run document missing; releasing its lease');
        await this.keeper.release();
        return 'released';
      }
      accountId = stored.accountId;
      if (!OPEN_STATES.includes(stored.state) || !(await this.document.markRunning(this.leaseCopy()))) {
        this.logger.warn({ state: stored.state }, 'import run already ended; releasing its lease');
        await this.keeper.release();
        return 'released';
      }
      await this.producer.connect();
      spec = importSpecOf(stored);
      // Tells Oniva at once that the run started (or resumed), before the first page, which can take long.
      await this.producer.send([this.status(spec.accountId, 'running', this.position.progress)]);
      this.logger.info(
        { page: this.position.cursor.page, listId: spec.listId, target: spec.target.kind },
        'import run started',
      );

      const opened = await openConnection({
        ...this.deps.models,
        cipher: this.deps.cipher,
        gateway: this.deps.gateway,
        accountId: spec.accountId,
      });
      reader = new PageReader(
        {
          Connection: this.deps.models.Connection,
          cipher: this.deps.cipher,
          gateway: this.deps.gateway,
          accountId: spec.accountId,
        },
        opened,
        {
          listId: spec.listId,
          pageSize: this.deps.settings.pageSize,
          properties: propertiesToRead(spec.fieldMapping),
          pageAttempts: this.deps.settings.pageAttempts,
          logger: this.logger,
        },
      );
      return await this.runPages(spec, reader);
    } catch (error) {
      return this.stopOn(error, { accountId, listId: spec?.listId ?? '', reader });
    } finally {
      this.keeper.stop();
      await this.producer
        .disconnect()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'closing the import producer failed'));
    }
  }

  private async runPages(spec: ImportSpec, reader: PageReader): Promise<JobOutcome> {
    const signal = AbortSignal.any([this.keeper.signal, this.shutdownSignal]);
    const targetKey = targetKeyOf(spec, reader.portalId);

    for (;;) {
      const { cursor } = this.position;
      if (cursor.page > 0 && cursor.after === undefined) {
        return this.finish(spec.accountId, 'completed');
      }
      if (await this.document.cancelRequested()) {
        await requestImportCancel(this.deps.models.ImportRunLease, spec.importId);
        return this.finish(spec.accountId, 'cancelled');
      }

      const timer = new StepTimer();
      const page = await reader.read(cursor.after, cursor.page, signal);
      timer.lap('readMs');
      const contactIds = page.reads.map((read) => read.contactId);
      const prior = await loadPriorImports(this.deps.models.ImportedContact, targetKey, contactIds);
      timer.lap('priorMs');
      const plan = planPage({
        spec,
        portalId: reader.portalId,
        topics: this.deps.topics,
        reads: page.reads,
        prior,
      });
      const next: Position = {
        cursor:
          page.nextAfter === undefined
            ? { page: cursor.page + 1 }
            : { page: cursor.page + 1, after: page.nextAfter },
        progress: addTally(this.position.progress, plan.tally),
      };

      const records: OutgoingRecord[] = plan.records.map(({ topic, key, value }) => ({ topic, key, value }));
      records.push(this.status(spec.accountId, 'running', next.progress));
      await this.producer.send(records);
      timer.lap('produceMs');
      await recordEmittedContacts(this.deps.models.ImportedContact, {
        targetKey,
        importId: spec.importId,
        contacts: plan.records.map(({ hubspotContactId, contentHash }) => ({
          hubspotContactId,
          contentHash,
        })),
        prior,
      });
      timer.lap('recordMs');
      this.position = next;
      this.countPage(plan.tally, plan.records);

      await this.keeper.checkpoint(this.checkpoint());
      timer.lap('checkpointMs');
      await this.document.saveProgress({
        cursor: next.cursor,
        progress: next.progress,
        lease: this.leaseCopy(),
        failures: plan.failures,
      });
      timer.lap('saveMs');
      this.deps.metrics.pageDuration.observe(timer.totalMs / 1000);
      this.logger.debug(
        { page: next.cursor.page, emitted: plan.records.length, counts: next.progress.counts, ...timer.laps },
        'import page done',
      );
    }
  }

  /** Decides what an error that stopped the page loop means for the run. */
  private async stopOn(
    error: unknown,
    context: { accountId: string | undefined; listId: string; reader: PageReader | undefined },
  ): Promise<JobOutcome> {
    try {
      if (this.keeper.ended === 'cancelled' || isStoreError(error, 'STORE_ERR_IMPORT_CANCELLED')) {
        return context.accountId === undefined ? 'lost' : await this.finish(context.accountId, 'cancelled');
      }
      if (this.keeper.ended === 'lost' || isStoreError(error, 'STORE_ERR_LEASE_LOST')) {
        this.logger.warn({ err: error }, 'import lease lost to another process; stopping');
        return 'lost';
      }
      if (this.shutdownSignal.aborted) {
        await this.keeper.release(this.checkpoint());
        this.logger.info({ page: this.position.cursor.page }, 'import run released at shutdown');
        return 'released';
      }
      if (isInfrastructureError(error)) {
        this.logger.error(
          { err: error, page: this.position.cursor.page },
          'import run abandoned: database or broker unavailable',
        );
        await this.keeper.release(this.checkpoint()).catch(() => undefined);
        return 'abandoned';
      }
      if (context.accountId === undefined) {
        throw error;
      }
      const portalId = context.reader?.portalId;
      const failure = runFailureOf(error, { listId: context.listId, portalId });
      this.logger.error({ err: error, code: failure.code }, 'import run failed');
      const diagnosis = diagnoseConnectionFailure(error, portalId);
      if (diagnosis !== undefined) {
        await this.markUnhealthy(context.accountId, context.reader?.tokenFingerprint, diagnosis);
      }
      return await this.finish(context.accountId, 'failed', failure);
    } catch (finishError) {
      this.logger.error({ err: finishError, cause: error }, 'import run stopped without recording its end');
      return 'abandoned';
    }
  }

  private async markUnhealthy(
    accountId: string,
    tokenFingerprint: string | undefined,
    diagnosis: ConnectionDiagnosis,
  ): Promise<void> {
    try {
      const marked = await markConnectionUnhealthy(
        this.deps.models.Connection,
        { accountId, tokenFingerprint },
        diagnosis,
      );
      if (marked)
        this.logger.warn({ accountId, code: diagnosis.code }, 'HubSpot connection marked unhealthy');
    } catch (error) {
      this.logger.error({ err: error, accountId }, 'marking the HubSpot connection unhealthy failed');
    }
  }

  private async finish(
    accountId: string,
    state: 'completed' | 'failed' | 'cancelled',
    failure?: RunFailure,
  ): Promise<JobOutcome> {
    const { progress, cursor } = this.position;
    await this.producer.send([this.status(accountId, state, progress, failure)]);
    await this.document.finish({ state, progress, cursor, failure });
    await this.keeper.release(this.checkpoint());
    this.logger.info(
      { state, counts: progress.counts, skippedByReason: progress.skippedByReason },
      'import run ended',
    );
    return state;
  }

  private status(
    accountId: string,
    state: 'running' | 'completed' | 'failed' | 'cancelled',
    progress: ImportProgress,
    failure?: RunFailure,
  ): OutgoingRecord {
    return statusRecord({
      topic: this.deps.topics.importStatus,
      importId: this.lease.importId,
      accountId,
      state,
      progress,
      failure,
    });
  }

  private checkpoint(): ImportCheckpoint {
    const { cursor, progress } = this.position;
    return { cursor, counts: progress.counts, skippedByReason: progress.skippedByReason };
  }

  private leaseCopy(): { owner: string; epoch: number; expiresAt: Date } {
    return { owner: this.lease.owner, epoch: this.keeper.epoch, expiresAt: this.keeper.expiresAt };
  }

  private countPage(tally: PageTally, records: readonly { topic: string }[]): void {
    const { metrics } = this.deps;
    for (const outcome of ['read', 'created', 'updated', 'unchanged', 'failed'] as const) {
      if (tally[outcome] > 0) metrics.contacts.inc({ outcome }, tally[outcome]);
    }
    for (const [reason, count] of Object.entries(tally.skipped)) {
      metrics.contacts.inc({ outcome: 'skipped' }, count);
      metrics.skipped.inc({ reason }, count);
    }
    for (const record of records) metrics.produced.inc({ topic: record.topic });
  }
}

/** Milliseconds spent in each step of a page, for the debug log. */
class StepTimer {
  readonly laps: Record<string, number> = {};
  private readonly started = performance.now();
  private last = this.started;

  lap(name: string): void {
    const now = performance.now();
    this.laps[name] = Math.round(now - this.last);
    this.last = now;
  }

  get totalMs(): number {
    return performance.now() - this.started;
  }
}

function isStoreError(error: unknown, code: StoreError['code']): boolean {
  return error instanceof StoreError && error.code === code;
}
