import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

import type { AppDependencies } from '../../deps.js';
import { accountParamsSchema, emptyResponseSchema } from '../../http/common-schemas.js';
import { withErrorResponses } from '../../http/error-response.js';
import { findLiveConnection, toConnectionResponse } from './connection-records.js';
import {
  connectionResponseSchema,
  createConnectionBodySchema,
  rotateTokenBodySchema,
  statusMappingBodySchema,
  updateFeaturesBodySchema,
} from './schemas.js';
import {
  createConnection,
  deleteConnection,
  rotateToken,
  updateFeatures,
  updateStatusMapping,
} from './service.js';

const tags = ['connections'];

/** Create, read, rotate, change and delete the HubSpot connection of an account. */
export const connectionRoutes: FastifyPluginAsyncZod<{ deps: AppDependencies }> = async (app, { deps }) => {
  const path = '/accounts/:accountId/connection';

  app.post(
    path,
    {
      schema: {
        tags,
        summary: 'Create the connection',
        description:
          'Validates the token with HubSpot (portal, app, scopes, time zone), checks the scopes of every enabled ' +
          'feature and, for custom objects, that the portal has them and the schema exists or can be created. ' +
          'Rejects with 422 naming every missing scope per feature.',
        params: accountParamsSchema,
        body: createConnectionBodySchema,
        response: withErrorResponses({ 201: connectionResponseSchema }),
      },
    },
    async (request, reply) => {
      const created = await createConnection(
        { deps, log: request.log },
        request.params.accountId,
        request.body,
      );
      return reply.status(201).send(created);
    },
  );

  app.get(
    path,
    {
      schema: {
        tags,
        summary: 'Read the connection',
        params: accountParamsSchema,
        response: withErrorResponses({ 200: connectionResponseSchema }),
      },
    },
    async (request) => toConnectionResponse(await findLiveConnection(deps.models, request.params.accountId)),
  );

  app.put(
    `${path}/token`,
    {
      schema: {
        tags,
        summary: 'Rotate the access token',
        description:
          'Validates the new token like a new connection. A token of another portal is rejected; a token of another ' +
          'HubSpot app is accepted with the warning TOKEN_APP_CHANGED. Parked records are replayed afterwards.',
        params: accountParamsSchema,
        body: rotateTokenBodySchema,
        response: withErrorResponses({ 200: connectionResponseSchema }),
      },
    },
    async (request) =>
      rotateToken({ deps, log: request.log }, request.params.accountId, request.body.accessToken),
  );

  app.patch(
    `${path}/features`,
    {
      schema: {
        tags,
        summary: 'Switch features on or off',
        description: 'Switching a feature on checks the stored token against HubSpot first.',
        params: accountParamsSchema,
        body: updateFeaturesBodySchema,
        response: withErrorResponses({ 200: connectionResponseSchema }),
      },
    },
    async (request) => updateFeatures({ deps, log: request.log }, request.params.accountId, request.body),
  );

  app.put(
    `${path}/status-mapping`,
    {
      schema: {
        tags,
        summary: 'Replace the status mapping',
        description:
          'Maps each Oniva booking status to a HubSpot participation state (register, attend, cancel) or ignore. ' +
          'Default: registered and confirmed → register, attended → attend, declined and cancelled → cancel.',
        params: accountParamsSchema,
        body: statusMappingBodySchema,
        response: withErrorResponses({ 200: connectionResponseSchema }),
      },
    },
    async (request) =>
      updateStatusMapping({ deps, log: request.log }, request.params.accountId, request.body.statusMapping),
  );

  app.delete(
    path,
    {
      schema: {
        tags,
        summary: 'Delete the connection',
        description: 'Stops syncing the account and erases the stored token.',
        params: accountParamsSchema,
        response: withErrorResponses({ 204: emptyResponseSchema }),
      },
    },
    async (request, reply) => {
      await deleteConnection({ deps, log: request.log }, request.params.accountId);
      return reply.status(204).send(null);
    },
  );
};
