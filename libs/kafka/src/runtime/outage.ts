import type { TopicPartition } from '../port.js';

interface PartitionOutage {
  since: number;
  failures: number;
}

/**
 * Tracks infrastructure failures per partition: the backoff before the next attempt (doubling from
 * `initialMs` up to `maxMs`) and whether a partition has failed for longer than `maxOutageMs`
 * without a success in between.
 */
export class OutageTracker {
  readonly #initialMs: number;
  readonly #maxMs: number;
  readonly #maxOutageMs: number;
  readonly #outages = new Map<string, PartitionOutage>();

  constructor(options: { initialMs: number; maxMs: number; maxOutageMs: number }) {
    this.#initialMs = options.initialMs;
    this.#maxMs = options.maxMs;
    this.#maxOutageMs = options.maxOutageMs;
  }

  /** Records a failure; returns the backoff in milliseconds and how long the outage has lasted. */
  recordFailure(
    partition: TopicPartition,
    now = Date.now(),
  ): { backoffMs: number; outageMs: number; exceeded: boolean } {
    const key = keyOf(partition);
    const outage = this.#outages.get(key) ?? { since: now, failures: 0 };
    outage.failures += 1;
    this.#outages.set(key, outage);
    const backoffMs = Math.min(this.#maxMs, this.#initialMs * 2 ** Math.min(outage.failures - 1, 30));
    const outageMs = now - outage.since;
    return { backoffMs, outageMs, exceeded: outageMs > this.#maxOutageMs };
  }

  recordSuccess(partition: TopicPartition): void {
    this.#outages.delete(keyOf(partition));
  }
}

function keyOf({ topic, partition }: TopicPartition): string {
  return `${topic}:${partition}`;
}
