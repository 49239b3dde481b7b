import { ConfigError } from '@oniva-hubspot/config';
import { createLogger, createMetrics, onShutdown, startOpsServer } from '@oniva-hubspot/observability';
import { connectStore, ensureIndexes } from '@oniva-hubspot/store';
import { loadLinkSinkConfig } from './config.js';

// NOTE: the link sink validates its configuration, connects to MongoDB and serves its health and
// metrics endpoints, but does not consume oniva.links.v1 yet; personal links are not transferred.
async function main(): Promise<void> {
  const { config, warnings } = loadLinkSinkConfig();
  const logger = createLogger({ service: 'link-sink', level: config.LOG_LEVEL });
  for (const warning of warnings) logger.warn({ warning }, 'unknown environment variable');

  const registry = createMetrics('link-sink');
  const database = await connectStore({ uri: config.MONGODB_URI, logger });
  await ensureIndexes(database);

  const ops = await startOpsServer({
    port: config.OPS_PORT,
    host: config.OPS_HOST,
    registry,
    checks: { ready: { mongodb: async () => void (await database.db!.admin().ping()) } },
  });
  logger.info({ opsPort: ops.port, topic: config.LINKS_TOPIC }, 'link-sink started');

  onShutdown(
    ['SIGTERM', 'SIGINT'],
    async () => {
      await ops.close();
      await database.close();
    },
    { timeoutMs: config.SHUTDOWN_TIMEOUT, logger },
  );
}

main().catch((error: unknown) => {
  // Configuration errors already name each variable and the fix; anything else gets its stack.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
