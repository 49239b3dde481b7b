import {
  counter,
  histogram,
  hubspotCallDuration,
  hubspotCalls,
  hubspotRateLimited,
} from '@oniva-hubspot/observability';
import type { Counter, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics of the gateway; label `portal` is the HubSpot portal id. The call, duration
 * and 429 families are the shared ones of `@oniva-hubspot/observability`, so every service
 * reports HubSpot traffic under the same names.
 */
export interface GatewayMetrics {
  /** Calls by endpoint (operation name), status and portal; status is the HTTP status or `timeout`/`network_error`/`aborted`. */
  calls: Counter<'endpoint' | 'status' | 'portal'>;
  /** Time from sending to the settled response, by endpoint. */
  duration: Histogram<'endpoint'>;
  /** 429 responses by portal and `policyName`. */
  rateLimited: Counter<'portal' | 'policy'>;
  /** `oniva_hubspot_limiter_wait_seconds{portal,bucket}`: time a call waited for the portal's rate limit. */
  limiterWait: Histogram<'portal' | 'bucket'>;
  /** `oniva_hubspot_limiter_fallback_total{portal}`: limiter operations run locally because MongoDB failed. */
  limiterFallback: Counter<'portal'>;
}

/** Creates the metrics in `registry`, or returns the ones already registered there. */
export function createGatewayMetrics(registry: Registry): GatewayMetrics {
  return {
    calls: hubspotCalls(registry),
    duration: hubspotCallDuration(registry),
    rateLimited: hubspotRateLimited(registry),
    limiterWait: histogram(registry, {
      name: 'oniva_hubspot_limiter_wait_seconds',
      help: "Time HubSpot calls waited for the portal's shared rate limit, in seconds.",
      labelNames: ['portal', 'bucket'],
      buckets: [0, 0.01, 0.1, 0.5, 1, 2.5, 5, 10, 30],
    }),
    limiterFallback: counter(registry, {
      name: 'oniva_hubspot_limiter_fallback_total',
      help: 'Rate-limiter operations run with the local fallback budget because MongoDB failed.',
      labelNames: ['portal'],
    }),
  };
}
