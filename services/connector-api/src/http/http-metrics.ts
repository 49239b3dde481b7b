import { counter, histogram, type Registry } from '@oniva-hubspot/observability';
import type { FastifyInstance } from 'fastify';

/**
 * Counts requests and measures their duration per method, route pattern and status code. The
 * route label is the pattern (`/v1/accounts/:accountId/connection`), never the concrete URL, so
 * ids do not create new series; requests without a route count as `unmatched`.
 */
export function registerHttpMetrics(app: FastifyInstance, registry: Registry): void {
  const requests = counter(registry, {
    name: 'oniva_hubspot_http_requests_total',
    help: 'HTTP requests served, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
  });
  const duration = histogram(registry, {
    name: 'oniva_hubspot_http_request_duration_seconds',
    help: 'Time from receiving a request to sending the response, in seconds.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
}
