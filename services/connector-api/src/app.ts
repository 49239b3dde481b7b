import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';

import { createAuthenticationHook } from './auth/authenticate.js';
import type { AppDependencies } from './deps.js';
import { installErrorHandling, REQUEST_ID_HEADER, sendFrameworkError } from './http/error-handler.js';
import { registerHttpMetrics } from './http/http-metrics.js';
import { registerEnv, registerOpenApi, registerRateLimit, registerSecurityHeaders } from './http/plugins.js';
import { zodValidatorCompiler } from './http/validation.js';
import { activationRoutes } from './routes/activations/routes.js';
import { apiKeyRoutes } from './routes/api-keys/routes.js';
import { connectionRoutes } from './routes/connections/routes.js';
import { diagnosticsRoutes } from './routes/diagnostics/routes.js';
import { healthRoutes } from './routes/health/routes.js';
import { importRoutes } from './routes/imports/routes.js';
import { lookupRoutes } from './routes/lookups/routes.js';
import { syncRoutes } from './routes/sync/routes.js';

// A caller's request id is kept only when it is short and plain, so it cannot forge log content.
const CALLER_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

// Longest path parameter the router matches. Fastify's default of 100 is below the longest valid id
// (128 characters). This limit is far above it, so an overlong id still reaches the route's schema,
// which names the parameter.
const MAX_PATH_PARAMETER_LENGTH = 1024;

/**
 * Builds the API without listening, so tests call it with `app.inject`. Call `app.ready()` or
 * `app.listen()` afterwards; closing the app does not close the dependencies.
 */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    // The pino logger is wider than Fastify's logger type; Fastify only calls the base methods.
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: deps.config.BODY_LIMIT_BYTES,
    genReqId: requestIdOf,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PATH_PARAMETER_LENGTH },
    // The router rejects a path (bad percent-encoding, overlong parameter) before any hook runs.
    frameworkErrors: sendFrameworkError,
  });

  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  app.addHook('onSend', async (request, reply) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
  });

  await registerEnv(app, deps.env);
  await registerSecurityHeaders(app);
  await registerRateLimit(app, deps.config);
  await registerOpenApi(app);
  registerHttpMetrics(app, deps.registry);

  await app.register(healthRoutes, {
    registry: deps.registry,
    readiness: deps.readiness,
    readinessTimeoutMs: deps.config.READINESS_TIMEOUT,
  });
  await app.register(
    async (v1) => {
      v1.addHook(
        'onRequest',
        createAuthenticationHook({
          operatorKey: deps.config.OPERATOR_API_KEY,
          findActiveKey: async (keyId) => {
            const key = await deps.models.ApiKey.findOne({ keyId, revokedAt: null }).lean();
            return key === null ? null : { keyId: key.keyId, accountId: key.accountId, secretHash: key.hash };
          },
          markUsed: async (keyId) => {
            await deps.models.ApiKey.updateOne({ keyId }, { $set: { lastUsedAt: deps.now() } });
          },
        }),
      );
      await v1.register(apiKeyRoutes, { deps });
      await v1.register(connectionRoutes, { deps });
      await v1.register(activationRoutes, { deps });
      await v1.register(diagnosticsRoutes, { deps });
      await v1.register(lookupRoutes, { deps });
      await v1.register(importRoutes, { deps });
      await v1.register(syncRoutes, { deps });
    },
    { prefix: '/v1' },
  );

  return app;
}

function requestIdOf(request: IncomingMessage): string {
  const header = request.headers[REQUEST_ID_HEADER];
  const candidate = Array.isArray(header) ? header[0] : header;
  return candidate !== undefined && CALLER_REQUEST_ID.test(candidate) ? candidate : randomUUID();
}
