import { dlqTopicName, retryTopicName } from '@oniva-hubspot/contracts';

/**
 * The topics of one source: the source itself (tier 0), its retry tiers `<source>.retry.<n>`
 * (tier n, fixed delay each) and its dead-letter topic `<source>.dlq`.
 */
export class TierLayout {
  readonly sourceTopic: string;
  /** Retry topic of tier n at index n - 1. */
  readonly retryTopics: readonly string[];
  readonly deadLetterTopic: string;
  /** Delay of tier n at index n - 1, in milliseconds. */
  readonly delaysMs: readonly number[];

  constructor(sourceTopic: string, delaysMs: readonly number[]) {
    this.sourceTopic = sourceTopic;
    this.delaysMs = Object.freeze([...delaysMs]);
    this.retryTopics = Object.freeze(delaysMs.map((_delay, index) => retryTopicName(sourceTopic, index + 1)));
    this.deadLetterTopic = dlqTopicName(sourceTopic);
  }

  /** The topics the consumer group reads: the source and every retry tier. */
  get consumedTopics(): string[] {
    return [this.sourceTopic, ...this.retryTopics];
  }

  /** Returns the tier of a consumed topic (0 for the source); throws for any other topic. */
  tierOf(topic: string): number {
    if (topic === this.sourceTopic) {
      return 0;
    }
    const index = this.retryTopics.indexOf(topic);
    if (index < 0) {
      throw new Error(`Topic "${topic}" is neither ${this.sourceTopic} nor one of its retry tiers.`);
    }
    return index + 1;
  }

  /**
   * Returns the tier a failed record goes to next, or null when it has been through the last tier
   * and goes to the dead-letter topic. The next tier is `currentTier + 1`, or a later one whose
   * delay covers `retryAfterMs` (e.g. from a Retry-After header), so that records within a tier
   * stay in due order.
   */
  nextTier(currentTier: number, retryAfterMs: number | undefined): number | null {
    const next = currentTier + 1;
    if (next > this.delaysMs.length) {
      return null;
    }
    const requested = validRetryAfter(retryAfterMs);
    if (requested === undefined) {
      return next;
    }
    for (let tier = next; tier <= this.delaysMs.length; tier += 1) {
      if (this.delaysMs[tier - 1]! >= requested) {
        return tier;
      }
    }
    return this.delaysMs.length;
  }

  /** Returns the retry topic of tier n (1-based). */
  retryTopic(tier: number): string {
    const topic = this.retryTopics[tier - 1];
    if (topic === undefined) {
      throw new Error(
        `Retry tier ${tier} does not exist; ${this.sourceTopic} has ${this.retryTopics.length} tiers.`,
      );
    }
    return topic;
  }

  /** Returns the delay of tier n (1-based) in milliseconds. */
  delayOf(tier: number): number {
    return this.delaysMs[tier - 1] ?? 0;
  }

  /**
   * Returns how long a record waits in tier n: the tier's delay, or `retryAfterMs` when that is
   * longer, capped at the longest tier delay. The cap keeps one record with a long Retry-After from
   * holding back every later record of its tier partition.
   */
  retryDelay(tier: number, retryAfterMs: number | undefined): number {
    const requested = validRetryAfter(retryAfterMs) ?? 0;
    return Math.max(this.delayOf(tier), Math.min(requested, Math.max(...this.delaysMs)));
  }
}

function validRetryAfter(retryAfterMs: number | undefined): number | undefined {
  return retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs > 0
    ? retryAfterMs
    : undefined;
}
