import { ConfigError, loadConfig } from '@oniva-hubspot/config';
import { createLogger, createMetrics, onShutdown, startOpsServer } from '@oniva-hubspot/observability';

import { sinkEnvSchema } from './config.js';
import { startSink } from './sink.js';

const SERVICE = 'marketing-event-sink';

/** Starts the marketing-event sink with its operations server and stops both on SIGTERM or SIGINT. */
async function main(): Promise<void> {
  const { config, warnings } = loadConfig(sinkEnvSchema);
  const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
  for (const warning of warnings) {
    logger.warn({ warning }, 'unknown environment variable');
  }

  const registry = createMetrics(SERVICE);
  const sink = await startSink({ config, logger, registry });
  const ops = await startOpsServer({
    port: config.OPS_PORT,
    host: config.OPS_HOST,
    registry,
    checks: {
      live: { consumers: () => sink.isRunning() },
      ready: {
        consumers: () => sink.isRunning(),
        mongodb: async () => {
          await sink.mongo.db!.admin().ping();
        },
      },
    },
  });
  logger.info({ opsPort: ops.port }, 'operations server listening');

  onShutdown(
    ['SIGTERM', 'SIGINT'],
    async () => {
      await sink.stop();
      await ops.close();
    },
    { timeoutMs: config.SHUTDOWN_TIMEOUT, logger },
  );
}

main().catch((error: unknown) => {
  // A configuration error lists every bad variable; its stack adds nothing for the operator.
  const detail =
    error instanceof ConfigError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  console.error(`${SERVICE} failed to start: ${detail}`);
  process.exit(1);
});
