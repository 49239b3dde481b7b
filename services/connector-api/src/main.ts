import { onShutdown } from '@oniva-hubspot/observability';

import { buildApp } from './app.js';
import { loadConnectorApiConfig } from './config.js';
import { createApiLogger } from './logger.js';
import { startRuntime } from './runtime.js';

// Configuration errors go to stderr before a logger exists; they list every bad variable by name.
let loaded;
try {
  loaded = loadConnectorApiConfig(process.env);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
const { config, warnings } = loaded;

const logger = createApiLogger({ level: config.LOG_LEVEL });
for (const warning of warnings) {
  logger.warn({ warning }, 'unknown environment variable');
}

const runtime = await startRuntime(config, process.env, logger).catch((error: unknown) => {
  logger.fatal({ err: error }, 'start failed');
  process.exit(1);
});
const app = await buildApp(runtime.deps);

onShutdown(
  ['SIGTERM', 'SIGINT'],
  async () => {
    // Stops accepting connections and waits for requests in flight before closing the dependencies.
    await app.close();
    await runtime.close();
  },
  { timeoutMs: config.SHUTDOWN_TIMEOUT, logger },
);

try {
  await app.listen({ port: config.PORT, host: config.HOST });
} catch (error) {
  logger.fatal({ err: error, host: config.HOST, port: config.PORT }, 'listen failed');
  await runtime.close();
  process.exit(1);
}
