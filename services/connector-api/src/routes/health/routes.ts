import { runChecks, type HealthChecks, type Registry } from '@oniva-hubspot/observability';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

export interface HealthRouteOptions {
  registry: Registry;
  /** Checks that must pass before the API takes traffic, e.g. `{ mongodb, kafka }`. */
  readiness: HealthChecks;
  readinessTimeoutMs: number;
}

const livenessSchema = z.object({ status: z.literal('ok') });

const readinessSchema = z.object({
  status: z.enum(['ok', 'failing']),
  failing: z.array(z.string()).describe('Names of the checks that did not pass.'),
  checks: z.record(z.string(), z.string()).describe('`ok`, or why the check failed.'),
});

/**
 * `/healthz` (the process serves requests), `/readyz` (database and broker reachable) and
 * `/metrics` (Prometheus text). They need no API key and are not rate limited, because probes and
 * scrapers call them; expose them only inside the cluster.
 */
export const healthRoutes: FastifyPluginAsyncZod<HealthRouteOptions> = async (app, options) => {
  app.get(
    '/healthz',
    {
      config: { rateLimit: false },
      schema: { tags: ['health'], summary: 'Liveness', security: [], response: { 200: livenessSchema } },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['health'],
        summary: 'Readiness: MongoDB and Kafka reachable',
        security: [],
        response: { 200: readinessSchema, 503: readinessSchema },
      },
    },
    async (request, reply) => {
      const report = await runChecks(options.readiness, options.readinessTimeoutMs);
      if (report.status !== 'ok') {
        request.log.warn({ failing: report.failing, checks: report.checks }, 'readiness check failed');
        return reply.status(503).send(report);
      }
      return report;
    },
  );

  app.get(
    '/metrics',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['health'],
        summary: 'Prometheus metrics',
        security: [],
        response: { 200: z.string().describe('Prometheus text exposition format.') },
      },
    },
    async (_request, reply) => {
      const text = await options.registry.metrics();
      return reply.type(options.registry.contentType).send(text);
    },
  );
};
