/**
 * Kafka port and consumer runtime shared by every sink: consume a source topic and its retry
 * tiers, hand valid records to a batch handler, and commit offsets together with the retry and
 * dead-letter records in one Kafka transaction.
 *
 * @example
 * import { bookingRecordSchema, TOPICS } from '@oniva-hubspot/contracts';
 * import { SinkRuntime, createKafkajsClient, createMongoFailedRecordStore, outcome } from '@oniva-hubspot/kafka';
 * import { createModels } from '@oniva-hubspot/store';
 *
 * const runtime = new SinkRuntime({
 *   client: createKafkajsClient({ brokers: ['127.0.0.1:39092'], clientId: 'marketing-event-sink' }),
 *   groupId: 'marketing-event-sink',
 *   sourceTopic: TOPICS.bookings,
 *   schema: bookingRecordSchema,
 *   failedRecordStore: createMongoFailedRecordStore(createModels(connection)),
 *   handler: async (records) => records.map(() => outcome.applied()),
 * });
 * await runtime.start();
 * // on SIGTERM:
 * await runtime.stop();
 */
export type {
  TopicPartition,
  TopicPartitionOffset,
  RecordHeaders,
  ConsumedRecord,
  ConsumedBatch,
  OutgoingRecord,
  TopicSpec,
  KafkaAdmin,
  KafkaProducer,
  KafkaTransaction,
  TransactionalProducer,
  BatchControl,
  BatchListener,
  ConsumerCrash,
  ConsumerRunOptions,
  KafkaConsumer,
  ConsumerOptions,
  TransactionalProducerOptions,
  KafkaClient,
} from './port.js';
export { KafkaError, isKafkaError, errorCode, errorMessage } from './errors.js';
export type { KafkaErrorCode } from './errors.js';
export { silentLogger } from './logger.js';
export type { KafkaLogger } from './logger.js';

export { createKafkajsClient } from './kafkajs/client.js';
export type { KafkajsClientOptions } from './kafkajs/client.js';

export { SinkRuntime, isInfrastructureError } from './runtime/sink-runtime.js';
export { replayParkedRecords } from './runtime/replay-parked.js';
export type { ReplayParkedOptions } from './runtime/replay-parked.js';
export { createMongoFailedRecordStore, decodeStoredHeaders } from './runtime/mongo-failed-record-store.js';
export { createRuntimeMetrics } from './runtime/prometheus-metrics.js';
export { TierLayout } from './runtime/tiers.js';
export { ORIGINAL_TIMESTAMP_HEADER } from './runtime/retry-headers.js';
export { outcome } from './runtime/outcome.js';
export type { RecordOutcome, OutcomeKind } from './runtime/outcome.js';
export type { SinkRecord, HandlerContext, BatchHandler } from './runtime/handler.js';
export type { ErrorInfo } from './runtime/error-info.js';
export { toErrorInfo } from './runtime/error-info.js';
export type { ParkedRecord, DeadLetterEntry, FailedRecordStore } from './runtime/failed-record-store.js';
export { noopMetrics } from './runtime/metrics.js';
export type { RuntimeMetrics } from './runtime/metrics.js';
export { resolveRuntimeOptions, defaultRecordContext } from './runtime/options.js';
export type { SinkRuntimeOptions, RecordContext } from './runtime/options.js';
