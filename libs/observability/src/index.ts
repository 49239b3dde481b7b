/**
 * Logging, metrics, health endpoints and graceful shutdown shared by every service.
 *
 * @example
 * import { createLogger, createMetrics, recordsConsumed, startOpsServer, onShutdown } from '@oniva-hubspot/observability';
 *
 * const logger = createLogger({ service: 'link-sink', level: 'info' });
 * const registry = createMetrics('link-sink');
 * recordsConsumed(registry).inc({ topic: 'oniva.links.v1' });
 * const ops = await startOpsServer({ port: 9464, registry, checks: { ready: { mongodb: () => ping() } } });
 * onShutdown(['SIGTERM', 'SIGINT'], () => ops.close(), { timeoutMs: 30_000, logger });
 */
export {
  createLogger,
  componentLogger,
  type Logger,
  type LoggerOptions,
  type LogLevelName,
} from './logger.js';
export { REDACT_PATHS, REDACTED, redactOptions, censorValue, maskConnectionString } from './redaction.js';
export {
  createMetrics,
  counter,
  gauge,
  histogram,
  type MetricDefinition,
  type HistogramDefinition,
} from './metrics.js';
export {
  batchSize,
  consumerLag,
  endToEndLatency,
  hubspotCallDuration,
  hubspotCalls,
  hubspotRateLimited,
  recordsApplied,
  recordsConsumed,
  recordsDeadLettered,
  recordsParked,
  recordsRetried,
  recordsSkipped,
} from './sync-metrics.js';
export { startOpsServer, type OpsServer, type OpsServerOptions } from './ops-server.js';
export { runChecks, type HealthCheck, type HealthChecks, type HealthReport } from './health-checks.js';
export { onShutdown, type ShutdownOptions } from './shutdown.js';
export { ObservabilityError, type ObservabilityErrorCode } from './errors.js';
export type { Registry } from 'prom-client';
