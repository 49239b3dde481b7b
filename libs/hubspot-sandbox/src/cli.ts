#!/usr/bin/env node
/**
 * Starts the HubSpot sandbox as a process.
 *
 *   tsx libs/hubspot-sandbox/src/cli.ts --port 4010 --provision sandbox.json
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { provisioningSchema } from './admin/schemas.js';
import { createSandbox } from './server.js';
import { SandboxError } from './errors.js';
import { describeZodError } from './http/error-handling.js';
import { ZodError } from 'zod';

const HELP = `Usage: hubspot-sandbox [options]

Options:
  --port <number>         TCP port to listen on (default 4010; 0 picks a free port)
  --host <address>        Interface to bind (default 127.0.0.1)
  --allow-non-loopback    Allow a --host that is not a loopback address
  --provision <file>      JSON provisioning file: portals, tokens, lists, contacts, faults
  --seed <number>         Seed of the generator that decides which calls faults hit (default 1)
  --log-level <level>     pino log level: fatal, error, warn, info, debug (default info)
  --help                  Show this help
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      'allow-non-loopback': { type: 'boolean', default: false },
      provision: { type: 'string' },
      seed: { type: 'string', default: '1' },
      'log-level': { type: 'string', default: 'info' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return;
  }

  const port = Number(values.port);
  const seed = Number(values.seed);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new SandboxError(
      'SANDBOX_ERR_INVALID_OPTIONS',
      `--port ${values.port} is invalid: use 0 to 65535.`,
    );
  }
  if (!Number.isInteger(seed)) {
    throw new SandboxError(
      'SANDBOX_ERR_INVALID_OPTIONS',
      `--seed ${values.seed} is invalid: use an integer.`,
    );
  }
  const provision = values.provision === undefined ? undefined : await readProvisioning(values.provision);

  const sandbox = await createSandbox({
    port,
    host: values.host,
    allowNonLoopback: values['allow-non-loopback'],
    provision,
    seed,
    logger: { level: values['log-level'] },
  });
  sandbox.app.log.info(
    { url: sandbox.url, portals: sandbox.admin.portals().length },
    'hubspot sandbox started',
  );
  console.log(`HubSpot sandbox listening on ${sandbox.url}`);

  const stop = (signal: string): void => {
    sandbox.app.log.info({ signal }, 'hubspot sandbox stopping');
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Failed to stop the sandbox cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

async function readProvisioning(path: string) {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SandboxError(
      'SANDBOX_ERR_INVALID_PROVISIONING',
      `Cannot read provisioning file ${path}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  try {
    return provisioningSchema.parse(JSON.parse(text));
  } catch (error) {
    const detail = error instanceof ZodError ? describeZodError(error) : (error as Error).message;
    throw new SandboxError(
      'SANDBOX_ERR_INVALID_PROVISIONING',
      `Provisioning file ${path} is invalid: ${detail}`,
      { cause: error },
    );
  }
}

main().catch((error: unknown) => {
  const message = error instanceof SandboxError ? `${error.code}: ${error.message}` : String(error);
  console.error(message);
  process.exit(error instanceof SandboxError ? 2 : 1);
});
