/**
 * Counters and gauges the runtime updates. `createRuntimeMetrics` binds them to the shared metric
 * families of `@oniva-hubspot/observability`; tests may pass their own implementation.
 */
export interface RuntimeMetrics {
  recordsConsumed(topic: string, count: number): void;
  recordsApplied(count: number): void;
  recordSkipped(reason: string): void;
  /** `tier` is the retry tier the record was sent to (1-based). */
  recordRetried(tier: number): void;
  recordDeadLettered(reason: string): void;
  recordParked(reason: string): void;
  batchSize(size: number): void;
  /** Records between the batch's last offset and the partition's high watermark. */
  consumerLag(topic: string, partition: number, lag: number): void;
}

/** Metrics that record nothing; the default when no metrics are given. */
export const noopMetrics: RuntimeMetrics = {
  recordsConsumed: () => {},
  recordsApplied: () => {},
  recordSkipped: () => {},
  recordRetried: () => {},
  recordDeadLettered: () => {},
  recordParked: () => {},
  batchSize: () => {},
  consumerLag: () => {},
};
