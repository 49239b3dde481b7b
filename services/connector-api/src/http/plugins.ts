import fastifyEnv from '@fastify/env';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createJsonSchemaTransformObject, jsonSchemaTransform } from 'fastify-type-provider-zod';
import { parseApiKey } from '@oniva-hubspot/store';
import { z } from 'zod';

import { API_KEY_HEADER, presentedApiKey } from '../auth/authenticate.js';
import { connectorApiEnv, type ConnectorApiConfig } from '../config.js';
import { ApiError } from '../errors.js';

/** Version of the API, as the OpenAPI document states it. */
export const API_VERSION = '1.0.0';

/** Path of the Swagger UI; the OpenAPI document is at `/docs/json`. */
export const DOCS_PREFIX = '/docs';

/**
 * Registers `@fastify/env` with a JSON Schema generated from the zod environment schema, so the
 * instance exposes the environment through `app.getEnvs()` like other Fastify services. The code
 * reads the config that `main.ts` parsed from the same variables with zod (`loadConnectorApiConfig`),
 * so this second check can only fail where the two schema languages differ.
 */
export async function registerEnv(
  app: FastifyInstance,
  env: Readonly<Record<string, string | undefined>>,
): Promise<void> {
  const schema = z.toJSONSchema(connectorApiEnv, { io: 'input', unrepresentable: 'any', target: 'draft-7' });
  const data = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  await app.register(fastifyEnv, { schema, data, dotenv: false });
}

/** Registers helmet's security headers. */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(fastifyHelmet, { global: true });
}

/**
 * Registers the rate limit: `RATE_LIMIT_MAX` requests per `RATE_LIMIT_WINDOW`, counted per API key
 * id (the public part of the key), per operator, or per client address when no key is sent. The
 * count is kept in each process's memory, so with N replicas a client may send up to N times the
 * limit. Routes with `config: { rateLimit: false }` (probes and metrics) are not limited.
 *
 * The limit runs as an `onRequest` hook of the root instance. Root hooks run before the
 * authentication hook of the `/v1` routes, so requests with unknown or revoked keys and operator
 * key guesses are counted too. The plugin's own per-route hooks would run after authentication.
 */
export async function registerRateLimit(app: FastifyInstance, config: ConnectorApiConfig): Promise<void> {
  await app.register(fastifyRateLimit, {
    global: false,
    max: config.RATE_LIMIT_MAX,
    timeWindow: config.RATE_LIMIT_WINDOW,
    keyGenerator: rateLimitKey,
    errorResponseBuilder: (_request, context) =>
      new ApiError(
        'API_RATE_LIMITED',
        `Too many requests: at most ${context.max} per ${context.after} for this API key or client address. Retry after the time in the Retry-After header.`,
        { retryAfterSeconds: Math.ceil(context.ttl / 1000) },
      ),
  });

  const limitRequest = app.rateLimit();
  app.addHook('onRequest', async function (this: FastifyInstance, request, reply) {
    if (request.routeOptions.config.rateLimit === false) {
      return;
    }
    await limitRequest.call(this, request, reply);
  });
}

function rateLimitKey(request: FastifyRequest): string {
  const presented = presentedApiKey(request);
  if (presented === undefined) {
    return `address:${request.ip}`;
  }
  const parsed = parseApiKey(presented);
  // Any other value counts as an operator key attempt; bad guesses share one budget per address.
  return parsed === null ? `operator:${request.ip}` : `key:${parsed.keyId}`;
}

/** Registers the OpenAPI document (from the zod route schemas) and the Swagger UI at `/docs`. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Oniva HubSpot connector API',
        description:
          'Manages the HubSpot connections of Oniva accounts: tokens and features, activation, diagnostics, ' +
          'look-ups for the import dialog, imports and sync status.',
        version: API_VERSION,
      },
      components: {
        securitySchemes: {
          apiKey: {
            type: 'apiKey',
            in: 'header',
            name: API_KEY_HEADER,
            description: 'An account API key, or the operator key for the /v1/api-keys routes.',
          },
        },
      },
      security: [{ apiKey: [] }],
      tags: [
        { name: 'api-keys', description: 'Account API keys, managed with the operator key.' },
        { name: 'connections', description: 'The HubSpot connection of an account.' },
        { name: 'activations', description: 'Workspace and event activation.' },
        { name: 'diagnostics', description: 'Live checks with a fix for each problem found.' },
        { name: 'lookups', description: 'HubSpot lists and contact properties for the import dialog.' },
        { name: 'imports', description: 'Contact and account imports from HubSpot lists.' },
        { name: 'sync', description: 'Sync status, parked and dead-lettered records, replay.' },
        { name: 'health', description: 'Liveness, readiness and metrics.' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: createJsonSchemaTransformObject({}),
  });
  await app.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX, staticCSP: true });
}
