import { createMetrics } from '@oniva-hubspot/observability';
import { describe, expect, it } from 'vitest';

import { createRuntimeMetrics } from '../src/index.js';

describe('createRuntimeMetrics', () => {
  it('updates the shared metric families', async () => {
    const registry = createMetrics('kafka-lib-test');
    const metrics = createRuntimeMetrics(registry);

    metrics.recordsConsumed('oniva.bookings.v1', 3);
    metrics.recordsApplied(2);
    metrics.recordSkipped('stale-version');
    metrics.recordRetried(1);
    metrics.recordDeadLettered('schema-violation');
    metrics.recordParked('token-invalid');
    metrics.batchSize(3);
    metrics.consumerLag('oniva.bookings.v1', 4, 17);

    const text = await registry.metrics();
    expect(text).toMatch(/oniva_hubspot_records_consumed_total\{[^}]*topic="oniva.bookings.v1"[^}]*\} 3/);
    expect(text).toMatch(/oniva_hubspot_records_applied_total\{[^}]*\} 2/);
    expect(text).toMatch(/oniva_hubspot_records_skipped_total\{[^}]*reason="stale-version"[^}]*\} 1/);
    expect(text).toMatch(/oniva_hubspot_records_retried_total\{[^}]*tier="1"[^}]*\} 1/);
    expect(text).toMatch(
      /oniva_hubspot_records_dead_lettered_total\{[^}]*reason="schema-violation"[^}]*\} 1/,
    );
    expect(text).toMatch(/oniva_hubspot_records_parked_total\{[^}]*reason="token-invalid"[^}]*\} 1/);
    expect(text).toMatch(/oniva_hubspot_batch_size_records_count\{[^}]*\} 1/);
    expect(text).toMatch(/oniva_hubspot_consumer_lag_records\{[^}]*partition="4"[^}]*\} 17/);
  });
});
