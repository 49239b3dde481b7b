import { ConfigError } from '@oniva-hubspot/config';
import { HubSpotGateway } from '@oniva-hubspot/hubspot-gateway';
import { createKafkajsClient } from '@oniva-hubspot/kafka';
import {
  createLogger,
  createMetrics,
  onShutdown,
  startOpsServer,
  type Logger,
} from '@oniva-hubspot/observability';
import { connectStore, ensureIndexes } from '@oniva-hubspot/store';

import { loadImporterConfig } from './config.js';
import { startImporter } from './service.js';

const { config, warnings } = loadConfigOrExit();
const logger = createLogger({ service: 'importer', level: config.LOG_LEVEL });
for (const warning of warnings) logger.warn({ warning }, 'unknown environment variable');

main(logger).catch((error: unknown) => {
  logger.fatal({ err: error }, 'importer failed to start');
  process.exit(1);
});

// An invalid environment ends the process with the message that names every bad variable, not a
// stack trace: the person reading it has to fix the deployment, not the code.
function loadConfigOrExit(): ReturnType<typeof loadImporterConfig> {
  try {
    return loadImporterConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`importer failed to start: ${error.message}`);
    process.exit(1);
  }
}

async function main(logger: Logger): Promise<void> {
  const registry = createMetrics('importer');
  const mongo = await connectStore({ uri: config.MONGODB_URI, logger });
  await ensureIndexes(mongo);
  const kafka = createKafkajsClient({
    brokers: config.KAFKA_BROKERS,
    clientId: config.KAFKA_CLIENT_ID,
    logger: logger.child({ component: 'kafka' }),
  });
  const gateway = new HubSpotGateway({ basePath: config.HUBSPOT_BASE_PATH, mongo, registry, logger });

  const importer = await startImporter({ config, mongo, kafka, gateway, registry, logger });
  const consumerRunning = () => importer.intake.fatalError === undefined;
  const ops = await startOpsServer({
    port: config.OPS_PORT,
    host: config.OPS_HOST,
    registry,
    checks: {
      live: { 'request-consumer': consumerRunning },
      ready: {
        mongodb: async () => {
          await mongo.db?.admin().ping();
          return true;
        },
        'request-consumer': consumerRunning,
      },
    },
  });
  logger.info({ opsPort: ops.port }, 'operations server listening');

  onShutdown(
    ['SIGTERM', 'SIGINT'],
    async () => {
      await importer.stop();
      gateway.close();
      await ops.close();
      await mongo.close();
    },
    { timeoutMs: config.SHUTDOWN_TIMEOUT, logger },
  );
}
