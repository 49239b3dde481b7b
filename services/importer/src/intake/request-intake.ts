import { importRequestRecordSchema, type ImportRequestRecord } from '@oniva-hubspot/contracts';
import {
  createMongoFailedRecordStore,
  createRuntimeMetrics,
  isInfrastructureError,
  outcome,
  SinkRuntime,
  type BatchHandler,
  type KafkaClient,
  type RecordOutcome,
} from '@oniva-hubspot/kafka';
import type { Logger, Registry } from '@oniva-hubspot/observability';
import type { StoreModels } from '@oniva-hubspot/store';

import { ensureImportRun } from './ensure-run.js';

export interface RequestIntakeOptions {
  kafka: KafkaClient;
  models: StoreModels;
  groupId: string;
  topic: string;
  /** Consumer session timeout in ms; heartbeats go out every third of it, at most every 3 s. */
  sessionTimeoutMs: number;
  registry: Registry;
  logger: Logger;
  /** Called after a batch of requests is stored, so the scheduler starts the runs at once. */
  onRunsStored: () => void;
  /** Name of this process in the transactional id of the consumer. */
  instanceId?: string | undefined;
  /** Called when the consumer stops for good; the default logs and exits the process. */
  onFatalError?: ((error: Error) => void) | undefined;
}

/**
 * Consumes `connector.import-requests.v1` in the importer's consumer group. Each request only
 * makes sure its ImportRun document exists, and the offset is committed once that is durable. The
 * import itself runs outside the handler (see `Scheduler`), because a run can take far longer than
 * the consumer session allows. Invalid requests go to the topic's dead-letter topic.
 */
export function createRequestIntake(options: RequestIntakeOptions): SinkRuntime<ImportRequestRecord> {
  const logger = options.logger.child({ component: 'request-intake' });
  const handler: BatchHandler<ImportRequestRecord> = async (records) => {
    const outcomes: RecordOutcome[] = [];
    for (const { value } of records) {
      outcomes.push(await storeRequest(options.models, value, logger));
    }
    options.onRunsStored();
    return outcomes;
  };

  return new SinkRuntime<ImportRequestRecord>({
    client: options.kafka,
    groupId: options.groupId,
    sourceTopic: options.topic,
    schema: importRequestRecordSchema,
    handler,
    sessionTimeoutMs: options.sessionTimeoutMs,
    heartbeatIntervalMs: Math.min(3_000, Math.floor(options.sessionTimeoutMs / 3)),
    failedRecordStore: createMongoFailedRecordStore(options.models),
    ...(options.instanceId === undefined ? {} : { instanceId: options.instanceId }),
    ...(options.onFatalError === undefined ? {} : { onFatalError: options.onFatalError }),
    logger,
    metrics: createRuntimeMetrics(options.registry),
  });
}

async function storeRequest(
  models: StoreModels,
  request: ImportRequestRecord,
  logger: Logger,
): Promise<RecordOutcome> {
  try {
    const result = await ensureImportRun(models.ImportRun, request);
    logger.info(
      { importId: request.importId, accountId: request.accountId, result },
      'import request stored',
    );
    return outcome.applied();
  } catch (error) {
    if (isInfrastructureError(error)) throw error;
    logger.warn({ err: error, importId: request.importId }, 'import request rejected by the database');
    return outcome.deadLetter('invalid-input', error);
  }
}
