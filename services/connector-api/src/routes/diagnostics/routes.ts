import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import type { AppDependencies } from '../../deps.js';
import { accountParamsSchema, idSchema } from '../../http/common-schemas.js';
import { withErrorResponses } from '../../http/error-response.js';
import { credentialsOf } from '../connections/connection-records.js';
import { checkDailyLimit, checkTokenAndScopes } from './hubspot-checks.js';
import { diagnosticsResponseSchema, overallStatus, pass, type CheckResult } from './result.js';
import { checkActivations, checkBacklog, checkStoredHealth, notConnected } from './store-checks.js';

const querySchema = z
  .strictObject({
    workspaceId: idSchema.optional().describe('Also check this workspace’s activation.'),
    eventId: idSchema
      .optional()
      .describe('Also check this event’s activation and backlog; needs workspaceId.'),
  })
  .refine((query) => query.eventId === undefined || query.workspaceId !== undefined, {
    error: 'expected workspaceId together with eventId',
    path: ['workspaceId'],
  });

/** Registers the route that runs the live diagnostics of a connection. */
export const diagnosticsRoutes: FastifyPluginAsyncZod<{ deps: AppDependencies }> = async (app, { deps }) => {
  app.get(
    '/accounts/:accountId/diagnostics',
    {
      schema: {
        tags: ['diagnostics'],
        summary: 'Run the diagnostics',
        description:
          'Checks the connection live against HubSpot and the stored state: token accepted or rotated, scopes per ' +
          'feature, custom objects available, daily limit, workspace and event activation, parked and dead-lettered ' +
          'records. Every problem comes with a named code and a fix.',
        params: accountParamsSchema,
        querystring: querySchema,
        response: withErrorResponses({ 200: diagnosticsResponseSchema }),
      },
    },
    async (request) => {
      const { accountId } = request.params;
      const results = await runDiagnostics(deps, { accountId, ...request.query });
      const response = {
        accountId,
        status: overallStatus(results),
        checkedAt: deps.now().toISOString(),
        results,
      };
      request.log.info(
        {
          accountId,
          status: response.status,
          codes: results.flatMap((result) => (result.code ? [result.code] : [])),
        },
        'diagnostics run',
      );
      return response;
    },
  );
};

async function runDiagnostics(
  deps: AppDependencies,
  input: { accountId: string; workspaceId?: string | undefined; eventId?: string | undefined },
): Promise<CheckResult[]> {
  const { accountId } = input;
  const connection = await deps.models.Connection.findOne({
    accountId,
    deletedAt: { $exists: false },
  }).select('+token');
  if (connection === null) {
    return [
      ...notConnected(accountId),
      ...(await checkActivations(deps.models, input)),
      ...(await checkBacklog(deps.models, input)),
    ];
  }

  const credentials = credentialsOf(connection, deps.cipher);
  const results: CheckResult[] = [pass('connection', `Connected to HubSpot portal ${connection.portalId}.`)];
  const live = await checkTokenAndScopes(deps, { accountId, credentials, features: connection.features });
  results.push(...live.results);
  if (live.tokenCheck !== undefined) {
    results.push(await checkDailyLimit(deps, live.tokenCheck.credentials));
  }
  results.push(checkStoredHealth(connection));
  results.push(...(await checkActivations(deps.models, input)));
  results.push(...(await checkBacklog(deps.models, input)));
  return results;
}
