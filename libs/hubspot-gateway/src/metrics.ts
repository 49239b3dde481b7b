import { Counter, Histogram, type Registry } from 'prom-client';

/** Prometheus metrics of the gateway; label `portal` is the HubSpot portal id. */
export interface GatewayMetrics {
  /** `hubspot_calls_total{endpoint,status,portal}`; status is the HTTP status or `timeout`/`network_error`/`aborted`. */
  calls: Counter<'endpoint' | 'status' | 'portal'>;
  /** `hubspot_call_duration_seconds{endpoint,portal}`: time from sending to the settled response. */
  duration: Histogram<'endpoint' | 'portal'>;
  /** `hubspot_rate_limited_total{portal,policy}`: 429 responses by `policyName`. */
  rateLimited: Counter<'portal' | 'policy'>;
  /** `hubspot_limiter_wait_seconds{portal,bucket}`: time a call waited for the portal's rate limit. */
  limiterWait: Histogram<'portal' | 'bucket'>;
  /** `hubspot_limiter_fallback_total{portal}`: reservations made locally because MongoDB failed. */
  limiterFallback: Counter<'portal'>;
}

/** Creates the metrics in `registry`, or returns the ones already registered there. */
export function createGatewayMetrics(registry: Registry): GatewayMetrics {
  return {
    calls: counter(registry, 'hubspot_calls_total', 'HubSpot API calls by endpoint, status and portal.', [
      'endpoint',
      'status',
      'portal',
    ]),
    duration: histogram(
      registry,
      'hubspot_call_duration_seconds',
      'Duration of HubSpot API calls in seconds.',
      ['endpoint', 'portal'],
      [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    ),
    rateLimited: counter(registry, 'hubspot_rate_limited_total', 'HubSpot 429 responses by policy.', [
      'portal',
      'policy',
    ]),
    limiterWait: histogram(
      registry,
      'hubspot_limiter_wait_seconds',
      "Time calls waited for the portal's shared rate limit, in seconds.",
      ['portal', 'bucket'],
      [0, 0.01, 0.1, 0.5, 1, 2.5, 5, 10, 30],
    ),
    limiterFallback: counter(
      registry,
      'hubspot_limiter_fallback_total',
      'Rate-limit reservations made with the local fallback budget because MongoDB failed.',
      ['portal'],
    ),
  };
}

function counter<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: L[],
): Counter<L> {
  const existing = registry.getSingleMetric(name);
  if (existing instanceof Counter) {
    return existing as Counter<L>;
  }
  return new Counter({ name, help, labelNames, registers: [registry] });
}

function histogram<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: L[],
  buckets: number[],
): Histogram<L> {
  const existing = registry.getSingleMetric(name);
  if (existing instanceof Histogram) {
    return existing as Histogram<L>;
  }
  return new Histogram({ name, help, labelNames, buckets, registers: [registry] });
}
