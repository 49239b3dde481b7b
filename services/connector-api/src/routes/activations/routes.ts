import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import type { AppDependencies } from '../../deps.js';
import {
  accountParamsSchema,
  idSchema,
  noInputBodySchema,
  timestampSchema,
} from '../../http/common-schemas.js';
import { withErrorResponses } from '../../http/error-response.js';
import { activate, deactivate, listActivations, readActivation, type ActivationTarget } from './service.js';

const tags = ['activations'];

const activationSchema = z
  .object({
    accountId: z.string(),
    workspaceId: z.string(),
    eventId: z.string().optional().describe('Set for an event activation.'),
    level: z.enum(['workspace', 'event']),
    active: z.boolean(),
    activatedAt: timestampSchema.describe(
      'Records that occurred before this time are not transferred; later status changes of older bookings are.',
    ),
    deactivatedAt: timestampSchema.optional(),
    workspaceActive: z
      .boolean()
      .optional()
      .describe('Events only: whether the workspace is active too. Records flow only when both are.'),
  })
  .meta({ id: 'Activation' });

const workspaceParamsSchema = accountParamsSchema.extend({
  workspaceId: idSchema.describe('Oniva workspace id.'),
});
const eventParamsSchema = workspaceParamsSchema.extend({ eventId: idSchema.describe('Oniva event id.') });

const workspacePath = '/accounts/:accountId/workspaces/:workspaceId/activation';
const eventPath = '/accounts/:accountId/workspaces/:workspaceId/events/:eventId/activation';

const single = withErrorResponses({ 200: activationSchema });

/** Activation of the connection at workspace and event level. */
export const activationRoutes: FastifyPluginAsyncZod<{ deps: AppDependencies }> = async (app, { deps }) => {
  const workspaceTarget = (params: { accountId: string; workspaceId: string }): ActivationTarget => ({
    accountId: params.accountId,
    workspaceId: params.workspaceId,
    eventId: null,
  });
  const eventTarget = (params: {
    accountId: string;
    workspaceId: string;
    eventId: string;
  }): ActivationTarget => ({
    accountId: params.accountId,
    workspaceId: params.workspaceId,
    eventId: params.eventId,
  });

  app.put(
    workspacePath,
    {
      schema: {
        tags,
        summary: 'Activate a workspace',
        params: workspaceParamsSchema,
        body: noInputBodySchema,
        response: single,
      },
    },
    async (request) => activate({ deps, log: request.log }, workspaceTarget(request.params)),
  );
  app.delete(
    workspacePath,
    { schema: { tags, summary: 'Deactivate a workspace', params: workspaceParamsSchema, response: single } },
    async (request) => deactivate({ deps, log: request.log }, workspaceTarget(request.params)),
  );
  app.get(
    workspacePath,
    {
      schema: {
        tags,
        summary: 'Read a workspace activation',
        params: workspaceParamsSchema,
        response: single,
      },
    },
    async (request) => readActivation(deps.models, workspaceTarget(request.params)),
  );

  app.put(
    eventPath,
    {
      schema: {
        tags,
        summary: 'Activate an event',
        description: 'The workspace must be activated first. The activation time is stored.',
        params: eventParamsSchema,
        body: noInputBodySchema,
        response: single,
      },
    },
    async (request) => activate({ deps, log: request.log }, eventTarget(request.params)),
  );
  app.delete(
    eventPath,
    { schema: { tags, summary: 'Deactivate an event', params: eventParamsSchema, response: single } },
    async (request) => deactivate({ deps, log: request.log }, eventTarget(request.params)),
  );
  app.get(
    eventPath,
    { schema: { tags, summary: 'Read an event activation', params: eventParamsSchema, response: single } },
    async (request) => readActivation(deps.models, eventTarget(request.params)),
  );

  app.get(
    '/accounts/:accountId/activations',
    {
      schema: {
        tags,
        summary: 'List activations',
        params: accountParamsSchema,
        querystring: z.strictObject({ workspaceId: idSchema.optional().describe('Only this workspace.') }),
        response: withErrorResponses({ 200: z.object({ activations: z.array(activationSchema) }) }),
      },
    },
    async (request) => ({
      activations: await listActivations(deps.models, request.params.accountId, request.query.workspaceId),
    }),
  );
};
