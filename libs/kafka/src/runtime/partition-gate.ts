import type { KafkaLogger } from '../logger.js';
import type { KafkaConsumer, TopicPartitionOffset } from '../port.js';

/**
 * Holds partitions back without blocking the fetch loop: seeks a partition back to a record, pauses
 * it, and resumes it by timer. Used for retry records that are not due yet and for backoff after
 * infrastructure errors, so no handler sleeps while holding its batch.
 */
export class PartitionGate {
  readonly #consumer: KafkaConsumer;
  readonly #logger: KafkaLogger;
  readonly #timers = new Map<string, NodeJS.Timeout>();
  #closed = false;

  constructor(consumer: KafkaConsumer, logger: KafkaLogger) {
    this.#consumer = consumer;
    this.#logger = logger;
  }

  /** Seeks to `position`, pauses its partition, and resumes it after `delayMs`. */
  holdFrom(position: TopicPartitionOffset, delayMs: number, reason: string): void {
    if (this.#closed) {
      return;
    }
    const key = `${position.topic}:${position.partition}`;
    clearTimeout(this.#timers.get(key));
    this.#consumer.seek(position);
    this.#consumer.pause([position]);
    this.#logger.debug({ ...position, delayMs, reason }, 'partition paused');

    const timer = setTimeout(
      () => {
        this.#timers.delete(key);
        if (this.#closed) {
          return;
        }
        this.#consumer.resume([position]);
        this.#logger.debug(
          { topic: position.topic, partition: position.partition, reason },
          'partition resumed',
        );
      },
      Math.max(0, delayMs),
    );
    this.#timers.set(key, timer);
  }

  /** Number of partitions currently held. */
  get size(): number {
    return this.#timers.size;
  }

  /** Cancels every pending resume; called on stop. */
  close(): void {
    this.#closed = true;
    for (const timer of this.#timers.values()) {
      clearTimeout(timer);
    }
    this.#timers.clear();
  }
}
