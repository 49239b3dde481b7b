import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

import type { AppDependencies } from '../../deps.js';
import { accountParamsSchema, noInputBodySchema } from '../../http/common-schemas.js';
import { withErrorResponses } from '../../http/error-response.js';
import {
  importHistoryQuerySchema,
  importHistorySchema,
  importParamsSchema,
  importRunSchema,
  startImportBodySchema,
} from './schemas.js';
import { cancelImport, listImports, readImport, startImport } from './service.js';

const tags = ['imports'];

/** Start, follow, cancel and list imports of HubSpot lists into Oniva. */
export const importRoutes: FastifyPluginAsyncZod<{ deps: AppDependencies }> = async (app, { deps }) => {
  app.post(
    '/accounts/:accountId/imports',
    {
      schema: {
        tags,
        summary: 'Start an import',
        description:
          'Checks the contact import feature, the event activation (event-contacts), the HubSpot list and every ' +
          'mapped property against the live portal, stores the run as queued and hands it to the importer.',
        params: accountParamsSchema,
        body: startImportBodySchema,
        response: withErrorResponses({ 202: importRunSchema }),
      },
    },
    async (request, reply) => {
      const run = await startImport({ deps, log: request.log }, request.params.accountId, request.body);
      return reply.status(202).send(run);
    },
  );

  app.get(
    '/accounts/:accountId/imports',
    {
      schema: {
        tags,
        summary: 'Import history',
        params: accountParamsSchema,
        querystring: importHistoryQuerySchema,
        response: withErrorResponses({ 200: importHistorySchema }),
      },
    },
    async (request) => listImports({ deps, log: request.log }, request.params.accountId, request.query),
  );

  app.get(
    '/accounts/:accountId/imports/:importId',
    {
      schema: {
        tags,
        summary: 'Import progress',
        params: importParamsSchema,
        response: withErrorResponses({ 200: importRunSchema }),
      },
    },
    async (request) =>
      readImport({ deps, log: request.log }, request.params.accountId, request.params.importId),
  );

  app.post(
    '/accounts/:accountId/imports/:importId/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel an import',
        description: 'The importer stops at its next checkpoint and sets the state to cancelled.',
        params: importParamsSchema,
        body: noInputBodySchema,
        response: withErrorResponses({ 200: importRunSchema }),
      },
    },
    async (request) =>
      cancelImport({ deps, log: request.log }, request.params.accountId, request.params.importId),
  );
};
