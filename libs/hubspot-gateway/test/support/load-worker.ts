/**
 * One OS process of the shared rate-limit test: calls a sandbox portal as fast as its limiter
 * allows until `LOAD_DURATION_MS` has passed, then prints a JSON summary on stdout.
 *
 * Environment: SANDBOX_URL, HUBSPOT_TOKEN, PORTAL_ID, APP_ID, MONGO_URI, LOAD_DURATION_MS,
 * LOAD_CONCURRENCY, DEFAULT_BURST_MAX.
 */
import mongoose from 'mongoose';
import { Registry } from 'prom-client';

import { HubSpotGateway, isHubSpotError, getContactProperties } from '../../src/index.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`load worker: environment variable ${name} is missing`);
  }
  return value;
};

const connection = await mongoose.createConnection(env('MONGO_URI')).asPromise();
const registry = new Registry();
const gateway = new HubSpotGateway({
  basePath: env('SANDBOX_URL'),
  mongo: connection,
  registry,
  rateLimits: { defaultBurstMax: Number(env('DEFAULT_BURST_MAX')), concurrencyPerPortal: 8 },
});
const hubspot = gateway.connect({
  accessToken: env('HUBSPOT_TOKEN'),
  portalId: Number(env('PORTAL_ID')),
  appId: Number(env('APP_ID')),
});

const deadline = Date.now() + Number(env('LOAD_DURATION_MS'));
let succeeded = 0;
const failures: Record<string, number> = {};

async function loop(): Promise<void> {
  while (Date.now() < deadline) {
    try {
      await getContactProperties(hubspot);
      succeeded += 1;
    } catch (error) {
      const code = isHubSpotError(error) ? error.code : 'OTHER';
      failures[code] = (failures[code] ?? 0) + 1;
    }
  }
}

await Promise.all(Array.from({ length: Number(env('LOAD_CONCURRENCY')) }, () => loop()));
const rateLimited = (await gateway.metrics.rateLimited.get()).values.reduce(
  (sum, value) => sum + value.value,
  0,
);
const fallbacks = (await gateway.metrics.limiterFallback.get()).values.reduce(
  (sum, value) => sum + value.value,
  0,
);
process.stdout.write(`${JSON.stringify({ succeeded, failures, rateLimited, fallbacks })}\n`);
gateway.close();
await connection.close();
