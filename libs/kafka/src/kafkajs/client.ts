import { Kafka, logLevel } from 'kafkajs';

import type { KafkaLogger } from '../logger.js';
import { silentLogger } from '../logger.js';
import type { ConsumerOptions, KafkaClient, TransactionalProducerOptions } from '../port.js';
import { KafkajsAdmin } from './admin.js';
import { KafkajsConsumer } from './consumer.js';
import { kafkajsLogCreator } from './log.js';
import { KafkajsProducer } from './producer.js';
import { KafkajsTransactionalProducer } from './transactional-producer.js';

/** Options of `createKafkajsClient`. Durations are in milliseconds. */
export interface KafkajsClientOptions {
  /** Bootstrap servers, `host:port`. */
  brokers: readonly string[];
  clientId: string;
  logger?: KafkaLogger;
  /** Default 3 000. */
  connectionTimeoutMs?: number;
  /** Default 30 000. */
  requestTimeoutMs?: number;
  /**
   * Retries of one request before an operation fails. Default 5, starting at 300 ms and doubling
   * up to 5 s. By the sum of those waits, an operation fails after about 10 s of broker
   * unavailability plus the time of the requests themselves (an estimate, not a measurement).
   */
  retries?: number;
  initialRetryTimeMs?: number;
  maxRetryTimeMs?: number;
}

/** Returns a `KafkaClient` backed by kafkajs 2.2.4. */
export function createKafkajsClient(options: KafkajsClientOptions): KafkaClient {
  const logger = options.logger ?? silentLogger;
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    connectionTimeout: options.connectionTimeoutMs ?? 3_000,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    retry: {
      retries: options.retries ?? 5,
      initialRetryTime: options.initialRetryTimeMs ?? 300,
      maxRetryTime: options.maxRetryTimeMs ?? 5_000,
    },
    logLevel: logLevel.INFO,
    logCreator: kafkajsLogCreator(logger),
  });

  return {
    admin: () => new KafkajsAdmin(kafka),
    producer: () => new KafkajsProducer(kafka, {}, logger),
    transactionalProducer: (producerOptions: TransactionalProducerOptions) =>
      new KafkajsTransactionalProducer(kafka, producerOptions, logger),
    consumer: (consumerOptions: ConsumerOptions) => new KafkajsConsumer(kafka, consumerOptions, logger),
  };
}
