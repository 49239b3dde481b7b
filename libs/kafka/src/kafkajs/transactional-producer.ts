import type { Kafka, Producer, ProducerConfig, Transaction } from 'kafkajs';

import { KafkaError } from '../errors.js';
import type { KafkaLogger } from '../logger.js';
import type {
  KafkaTransaction,
  OutgoingRecord,
  TopicPartitionOffset,
  TransactionalProducer,
  TransactionalProducerOptions,
} from '../port.js';
import { errorTypes, toKafkaError } from './classify.js';
import { AsyncLock } from './lock.js';
import { toTopicMessages } from './outgoing.js';
import { disconnectQuietly, PRODUCER_DEFAULTS } from './producer.js';

/**
 * `TransactionalProducer` on kafkajs. One transaction is open at a time. When any step of a
 * transaction fails, the kafkajs producer is replaced before the next `begin`. Connecting a new
 * producer with the same transactional id bumps the producer epoch. The broker then completes or
 * aborts whatever the old producer left open, and fences the old producer.
 */
export class KafkajsTransactionalProducer implements TransactionalProducer {
  readonly #kafka: Kafka;
  readonly #config: ProducerConfig;
  readonly #logger: KafkaLogger;
  readonly #lock = new AsyncLock();
  #producer: Promise<Producer> | undefined;

  constructor(kafka: Kafka, options: TransactionalProducerOptions, logger: KafkaLogger) {
    this.#kafka = kafka;
    this.#config = {
      ...PRODUCER_DEFAULTS,
      transactionalId: options.transactionalId,
      transactionTimeout: options.transactionTimeoutMs ?? 30_000,
    };
    this.#logger = logger.child({ transactionalId: options.transactionalId });
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

  async begin(): Promise<KafkaTransaction> {
    const release = await this.#lock.acquire();
    try {
      const producer = await this.#current();
      const transaction = await producer.transaction();
      return new KafkajsTransaction(transaction, {
        release,
        replaceProducer: () => this.#replace(),
        logger: this.#logger,
      });
    } catch (error) {
      await this.#replace();
      release();
      throw toKafkaError(error, 'beginning a transaction');
    }
  }

  async #replace(): Promise<void> {
    this.#logger.warn({}, 'replacing the transactional producer after a failed transaction');
    await this.disconnect();
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
          throw toKafkaError(error, 'connecting the transactional producer');
        },
      );
      this.#producer = connected;
    }
    return this.#producer;
  }
}

/** Attempts of `sendOffsets` when the group coordinator is not found at once. */
const SEND_OFFSETS_ATTEMPTS = 5;

interface TransactionHooks {
  release: () => void;
  replaceProducer: () => Promise<void>;
  logger: KafkaLogger;
}

class KafkajsTransaction implements KafkaTransaction {
  readonly #transaction: Transaction;
  readonly #hooks: TransactionHooks;
  #state: 'open' | 'failed' | 'ended' = 'open';

  constructor(transaction: Transaction, hooks: TransactionHooks) {
    this.#transaction = transaction;
    this.#hooks = hooks;
  }

  async send(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) {
      return;
    }
    await this.#step(`producing ${records.length} records in a transaction`, async () => {
      await this.#transaction.sendBatch({ topicMessages: toTopicMessages(records), acks: -1 });
    });
  }

  async sendOffsets(groupId: string, offsets: readonly TopicPartitionOffset[]): Promise<void> {
    if (offsets.length === 0) {
      return;
    }
    const byTopic = new Map<string, { partition: number; offset: string }[]>();
    for (const { topic, partition, offset } of offsets) {
      const partitions = byTopic.get(topic) ?? [];
      partitions.push({ partition, offset });
      byTopic.set(topic, partitions);
    }
    const topics = [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
    await this.#step(`adding offsets of group ${groupId} to a transaction`, async () => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          await this.#transaction.sendOffsets({ consumerGroupId: groupId, topics });
          return;
        } catch (error) {
          // kafkajs 2.2.4 looks up the group coordinator again only for an error named
          // NOT_COORDINATOR, but it names broker error code 16 NOT_COORDINATOR_FOR_GROUP, so it gives
          // up at once when the coordinator moved or was still loading. Sending again looks it up anew.
          if (attempt >= SEND_OFFSETS_ATTEMPTS || !errorTypes(error).includes('NOT_COORDINATOR_FOR_GROUP')) {
            throw error;
          }
          await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
        }
      }
    });
  }

  async commit(): Promise<void> {
    if (this.#state !== 'open') {
      throw new KafkaError(
        'KAFKA_ERR_TRANSACTION_ABORTED',
        `Cannot commit a transaction that has ${this.#state === 'failed' ? 'failed' : 'ended'}; abort it and process the records again.`,
      );
    }
    try {
      await this.#transaction.commit();
      this.#end();
    } catch (error) {
      this.#state = 'failed';
      await this.abort();
      throw toKafkaError(error, 'committing a transaction');
    }
  }

  async abort(): Promise<void> {
    if (this.#state === 'ended') {
      return;
    }
    const failed = this.#state === 'failed';
    try {
      if (this.#transaction.isActive()) {
        await this.#transaction.abort();
      }
    } catch (error) {
      this.#hooks.logger.warn({ err: error }, 'aborting a transaction failed');
      await this.#hooks.replaceProducer();
      this.#end();
      return;
    }
    if (failed) {
      await this.#hooks.replaceProducer();
    }
    this.#end();
  }

  async #step(operation: string, action: () => Promise<void>): Promise<void> {
    if (this.#state !== 'open') {
      throw new KafkaError(
        'KAFKA_ERR_TRANSACTION_ABORTED',
        `Cannot continue ${operation}: the transaction has already ${this.#state}.`,
      );
    }
    try {
      await action();
    } catch (error) {
      this.#state = 'failed';
      throw toKafkaError(error, operation);
    }
  }

  #end(): void {
    this.#state = 'ended';
    this.#hooks.release();
  }
}
