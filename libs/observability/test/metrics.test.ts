import { Counter } from 'prom-client';
import { describe, expect, it } from 'vitest';

import {
  batchSize,
  consumerLag,
  counter,
  createMetrics,
  endToEndLatency,
  gauge,
  hubspotCallDuration,
  hubspotCalls,
  hubspotRateLimited,
  ObservabilityError,
  recordsApplied,
  recordsConsumed,
  recordsDeadLettered,
  recordsParked,
  recordsRetried,
  recordsSkipped,
} from '../src/index.js';

describe('createMetrics', () => {
  it('registry has default metrics labelled with the service', async () => {
    const registry = createMetrics('link-sink');
    const text = await registry.metrics();
    expect(text).toMatch(/^process_cpu_user_seconds_total\{service="link-sink"\} /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds\{service="link-sink"\} /m);
  });

  it('shared families register under their names', async () => {
    const registry = createMetrics('importer');
    recordsConsumed(registry).inc({ topic: 'oniva.bookings.v1' }, 3);
    recordsApplied(registry).inc();
    recordsSkipped(registry).inc({ reason: 'stale-version' });
    recordsRetried(registry).inc({ tier: '1' });
    recordsDeadLettered(registry).inc({ reason: 'schema-violation' });
    recordsParked(registry).inc({ reason: 'token-invalid' });
    batchSize(registry).observe(100);
    endToEndLatency(registry).observe(0.4);
    consumerLag(registry).set({ topic: 'oniva.bookings.v1', partition: '0' }, 12);
    hubspotCalls(registry).inc({
      endpoint: 'POST /crm/v3/objects/contacts/batch/upsert',
      status: '200',
      portal: '123',
    });
    hubspotCallDuration(registry).observe({ endpoint: 'POST /crm/v3/objects/contacts/batch/upsert' }, 0.2);
    hubspotRateLimited(registry).inc({ portal: '123', policy: 'TEN_SECONDLY_ROLLING' });

    const text = await registry.metrics();
    expect(text).toContain(
      'oniva_hubspot_records_consumed_total{topic="oniva.bookings.v1",service="importer"} 3',
    );
    expect(text).toContain('oniva_hubspot_records_applied_total{service="importer"} 1');
    expect(text).toContain(
      'oniva_hubspot_records_skipped_total{reason="stale-version",service="importer"} 1',
    );
    expect(text).toContain('oniva_hubspot_records_retried_total{tier="1",service="importer"} 1');
    expect(text).toContain(
      'oniva_hubspot_records_dead_lettered_total{reason="schema-violation",service="importer"} 1',
    );
    expect(text).toContain('oniva_hubspot_records_parked_total{reason="token-invalid",service="importer"} 1');
    expect(text).toContain('oniva_hubspot_batch_size_records_count{service="importer"} 1');
    expect(text).toContain('oniva_hubspot_end_to_end_latency_seconds_bucket{le="0.5",service="importer"} 1');
    expect(text).toContain(
      'oniva_hubspot_consumer_lag_records{topic="oniva.bookings.v1",partition="0",service="importer"} 12',
    );
    expect(text).toContain(
      'oniva_hubspot_hubspot_calls_total{endpoint="POST /crm/v3/objects/contacts/batch/upsert",status="200",portal="123",service="importer"} 1',
    );
    expect(text).toContain('oniva_hubspot_hubspot_call_duration_seconds_count');
    expect(text).toContain(
      'oniva_hubspot_hubspot_rate_limited_total{portal="123",policy="TEN_SECONDLY_ROLLING",service="importer"} 1',
    );
  });

  it('factories return one instance per registry', () => {
    const registry = createMetrics('link-sink');
    expect(recordsConsumed(registry)).toBe(recordsConsumed(registry));
    expect(recordsConsumed(registry)).toBeInstanceOf(Counter);
    expect(recordsConsumed(createMetrics('link-sink'))).not.toBe(recordsConsumed(registry));
  });

  it('factory rejects a name registered as another type', () => {
    const registry = createMetrics('link-sink');
    counter(registry, { name: 'oniva_hubspot_example_total', help: 'Example.', labelNames: [] });
    expect(() =>
      gauge(registry, { name: 'oniva_hubspot_example_total', help: 'Example.', labelNames: [] }),
    ).toThrow(ObservabilityError);
  });
});
