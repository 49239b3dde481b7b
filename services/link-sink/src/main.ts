import { ConfigError } from '@oniva-hubspot/config';
import { createLogger, createMetrics, onShutdown, startOpsServer } from '@oniva-hubspot/observability';

import { loadLinkSinkConfig } from './config.js';
import { startLinkSink } from './sink.js';

const SERVICE = 'link-sink';

/** Starts the link sink with its operations server and stops both on SIGTERM or SIGINT. */
async function main(): Promise<void> {
  const { config, warnings } = loadLinkSinkConfig();
  const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
  for (const warning of warnings) {
    logger.warn({ warning }, 'unknown environment variable');
  }

  const registry = createMetrics(SERVICE);
  const sink = await startLinkSink({ config, logger, registry });
  const ops = await startOpsServer({
    port: config.OPS_PORT,
    host: config.OPS_HOST,
    registry,
    checks: {
      live: { consumer: () => sink.isRunning() },
      ready: {
        consumer: () => sink.isRunning(),
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
  // Configuration errors already name each variable and the fix; anything else gets its stack.
  const detail =
    error instanceof ConfigError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  console.error(`${SERVICE} failed to start: ${detail}`);
  process.exit(1);
});
