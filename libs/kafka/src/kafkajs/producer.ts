import type { Kafka, Producer, ProducerConfig } from 'kafkajs';

import type { KafkaLogger } from '../logger.js';
import type { KafkaProducer, OutgoingRecord } from '../port.js';
import { toKafkaError } from './classify.js';
import { toTopicMessages } from './outgoing.js';

/**
 * Settings of every producer: idempotent, acknowledged by all in-sync replicas (`acks` -1 on each
 * send), one request in flight so a retried request cannot overtake a later one.
 */
export const PRODUCER_DEFAULTS = Object.freeze({
  idempotent: true,
  maxInFlightRequests: 1,
  allowAutoTopicCreation: false,
} satisfies ProducerConfig);

/**
 * Idempotent `KafkaProducer` on kafkajs. After any failed send the kafkajs producer is replaced,
 * because kafkajs cannot always resynchronise its sequence numbers after an unacknowledged request.
 * An out-of-order sequence error then wedges it, while a new producer id starts a clean sequence.
 */
export class KafkajsProducer implements KafkaProducer {
  readonly #kafka: Kafka;
  readonly #config: ProducerConfig;
  readonly #logger: KafkaLogger;
  #producer: Promise<Producer> | undefined;

  constructor(kafka: Kafka, config: ProducerConfig, logger: KafkaLogger) {
    this.#kafka = kafka;
    this.#config = { ...config, ...PRODUCER_DEFAULTS };
    this.#logger = logger;
  }

  async connect(): Promise<void> {
    await this.#current();
  }

  async disconnect(): Promise<void> {
    const producer = this.#producer;
    this.#producer = undefined;
    if (producer !== undefined) {
      await disconnectQuietly(producer, this.#logger);
    }
  }

  async send(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) {
      return;
    }
    const producer = await this.#current();
    try {
      await producer.sendBatch({ topicMessages: toTopicMessages(records), acks: -1 });
    } catch (error) {
      this.#logger.warn(
        { err: error, records: records.length },
        'producer send failed, replacing the producer',
      );
      await this.disconnect();
      throw toKafkaError(error, `producing ${records.length} records`);
    }
  }

  #current(): Promise<Producer> {
    if (this.#producer === undefined) {
      const producer = this.#kafka.producer(this.#config);
      const connected = producer.connect().then(
        () => producer,
        (error: unknown) => {
          if (this.#producer === connected) {
            this.#producer = undefined;
          }
          throw toKafkaError(error, 'connecting the producer');
        },
      );
      this.#producer = connected;
    }
    return this.#producer;
  }
}

/** Disconnects a kafkajs producer and logs, instead of throwing, when that fails. */
export async function disconnectQuietly(producer: Promise<Producer>, logger: KafkaLogger): Promise<void> {
  try {
    await (await producer).disconnect();
  } catch (error) {
    logger.debug({ err: error }, 'disconnecting a replaced producer failed');
  }
}
