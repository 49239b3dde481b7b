/**
 * Starts the HubSpot sandbox as its own process for a benchmark, so that its work does not share
 * an event loop with the code being measured. Unlike the sandbox's CLI it keeps a request log
 * large enough for a whole run, because the analysis reads every call's time and body.
 *
 *   node --import tsx bench/src/harness/sandbox-server.ts <port> <requestLogCapacity>
 */
import { createSandbox } from '@oniva-hubspot/hubspot-sandbox';

const [portArgument, capacityArgument] = process.argv.slice(2);
const port = Number(portArgument);
const requestLogCapacity = Number(capacityArgument ?? 200_000);
if (
  !Number.isInteger(port) ||
  port <= 0 ||
  !Number.isInteger(requestLogCapacity) ||
  requestLogCapacity <= 0
) {
  console.error(
    `Invalid arguments "${process.argv.slice(2).join(' ')}": expected <port> <requestLogCapacity>, both positive integers.`,
  );
  process.exit(2);
}

const sandbox = await createSandbox({ port, requestLogCapacity, logger: { level: 'warn' } });
console.log(`HubSpot sandbox listening on ${sandbox.url}`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Failed to stop the sandbox:', error);
        process.exit(1);
      },
    );
  });
}
