import type { Counter, Gauge, Histogram, Registry } from 'prom-client';

import { counter, gauge, histogram } from './metrics.js';

// Metric families shared by the sinks, the importer and the connector API. Every name starts with
// `oniva_hubspot_` and ends with its unit (`_total`, `_seconds`, `_records`). The `portal` label has
// one value per connected HubSpot portal, so keep it off per-record families.

/** Records read from Kafka, by topic (source and retry topics). */
export function recordsConsumed(registry: Registry): Counter<'topic'> {
  return counter(registry, {
    name: 'oniva_hubspot_records_consumed_total',
    help: 'Records read from Kafka, by topic.',
    labelNames: ['topic'],
  });
}

/** Records whose effect reached HubSpot (or Oniva, for imports). */
export function recordsApplied(registry: Registry): Counter<never> {
  return counter(registry, {
    name: 'oniva_hubspot_records_applied_total',
    help: 'Records whose effect was applied.',
    labelNames: [],
  });
}

/** Records deliberately not applied, by reason (`stale-version`, `not-activated`, `before-activation`...). */
export function recordsSkipped(registry: Registry): Counter<'reason'> {
  return counter(registry, {
    name: 'oniva_hubspot_records_skipped_total',
    help: 'Records skipped without an effect, by reason.',
    labelNames: ['reason'],
  });
}

/** Records sent to a retry topic, by tier number (`1`, `2`, `3`). */
export function recordsRetried(registry: Registry): Counter<'tier'> {
  return counter(registry, {
    name: 'oniva_hubspot_records_retried_total',
    help: 'Records sent to a retry topic, by retry tier.',
    labelNames: ['tier'],
  });
}

/** Records sent to a dead-letter topic, by reason. */
export function recordsDeadLettered(registry: Registry): Counter<'reason'> {
  return counter(registry, {
    name: 'oniva_hubspot_records_dead_lettered_total',
    help: 'Records sent to a dead-letter topic, by reason.',
    labelNames: ['reason'],
  });
}

/** Records parked until their connection is fixed, by reason. */
export function recordsParked(registry: Registry): Counter<'reason'> {
  return counter(registry, {
    name: 'oniva_hubspot_records_parked_total',
    help: 'Records parked until their connection is fixed, by reason.',
    labelNames: ['reason'],
  });
}

/** Records per processed batch. */
export function batchSize(registry: Registry): Histogram<never> {
  return histogram(registry, {
    name: 'oniva_hubspot_batch_size_records',
    help: 'Records per processed batch.',
    labelNames: [],
    buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000],
  });
}

/** Seconds from a record's `occurredAt` to the HubSpot call that applied it. */
export function endToEndLatency(registry: Registry): Histogram<never> {
  return histogram(registry, {
    name: 'oniva_hubspot_end_to_end_latency_seconds',
    help: 'Seconds from the source record occurredAt to the HubSpot call that applied it.',
    labelNames: [],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3_600],
  });
}

/** Records between the committed offset and the end of each partition. */
export function consumerLag(registry: Registry): Gauge<'topic' | 'partition'> {
  return gauge(registry, {
    name: 'oniva_hubspot_consumer_lag_records',
    help: 'Records between the committed offset and the end of the partition.',
    labelNames: ['topic', 'partition'],
  });
}

/** HubSpot API calls by endpoint template, HTTP status (or `error` without response) and portal id. */
export function hubspotCalls(registry: Registry): Counter<'endpoint' | 'status' | 'portal'> {
  return counter(registry, {
    name: 'oniva_hubspot_hubspot_calls_total',
    help: 'HubSpot API calls by endpoint, HTTP status and portal.',
    labelNames: ['endpoint', 'status', 'portal'],
  });
}

/** Duration of HubSpot API calls by endpoint template, in seconds. */
export function hubspotCallDuration(registry: Registry): Histogram<'endpoint'> {
  return histogram(registry, {
    name: 'oniva_hubspot_hubspot_call_duration_seconds',
    help: 'Duration of HubSpot API calls in seconds, by endpoint.',
    labelNames: ['endpoint'],
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });
}

/** HubSpot 429 responses by portal and `policyName` (`TEN_SECONDLY_ROLLING`, `SECONDLY`, `DAILY`). */
export function hubspotRateLimited(registry: Registry): Counter<'portal' | 'policy'> {
  return counter(registry, {
    name: 'oniva_hubspot_hubspot_rate_limited_total',
    help: 'HubSpot 429 responses by portal and rate-limit policy.',
    labelNames: ['portal', 'policy'],
  });
}
