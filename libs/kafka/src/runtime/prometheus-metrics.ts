import {
  batchSize,
  consumerLag,
  recordsApplied,
  recordsConsumed,
  recordsDeadLettered,
  recordsParked,
  recordsRetried,
  recordsSkipped,
} from '@oniva-hubspot/observability';
import type { Registry } from '@oniva-hubspot/observability';

import type { RuntimeMetrics } from './metrics.js';

/** Returns `RuntimeMetrics` that update the shared metric families in `registry`. */
export function createRuntimeMetrics(registry: Registry): RuntimeMetrics {
  const consumed = recordsConsumed(registry);
  const applied = recordsApplied(registry);
  const skipped = recordsSkipped(registry);
  const retried = recordsRetried(registry);
  const deadLettered = recordsDeadLettered(registry);
  const parked = recordsParked(registry);
  const batchSizes = batchSize(registry);
  const lag = consumerLag(registry);

  return {
    recordsConsumed: (topic, count) => consumed.inc({ topic }, count),
    recordsApplied: (count) => applied.inc(count),
    recordSkipped: (reason) => skipped.inc({ reason }),
    recordRetried: (tier) => retried.inc({ tier: String(tier) }),
    recordDeadLettered: (reason) => deadLettered.inc({ reason }),
    recordParked: (reason) => parked.inc({ reason }),
    batchSize: (size) => batchSizes.observe(size),
    consumerLag: (topic, partition, value) => lag.set({ topic, partition: String(partition) }, value),
  };
}
