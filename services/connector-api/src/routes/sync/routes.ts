import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import type { AppDependencies } from '../../deps.js';
import { accountParamsSchema, idSchema, noInputBodySchema } from '../../http/common-schemas.js';
import { withErrorResponses } from '../../http/error-response.js';
import {
  connectionSyncSchema,
  deadLetterListQuerySchema,
  deadLetterSchema,
  eventSyncSchema,
  failedListQuerySchema,
  parkedRecordSchema,
  replayDeadLettersBodySchema,
  replayResultSchema,
} from './schemas.js';
import {
  connectionSync,
  eventSync,
  listDeadLetters,
  listParked,
  replayDeadLetters,
  replayParked,
} from './service.js';

const tags = ['sync'];
const base = '/accounts/:accountId/sync';

const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    records: z.array(item),
    nextAfter: z
      .string()
      .optional()
      .describe('Pass as after to read the next page; absent on the last page.'),
  });

/** Sync status per connection and event, parked and dead-lettered records, replay. */
export const syncRoutes: FastifyPluginAsyncZod<{ deps: AppDependencies }> = async (app, { deps }) => {
  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'Sync status of the connection',
        params: accountParamsSchema,
        response: withErrorResponses({ 200: connectionSyncSchema }),
      },
    },
    async (request) => connectionSync({ deps, log: request.log }, request.params.accountId),
  );

  app.get(
    `${base}/events/:eventId`,
    {
      schema: {
        tags,
        summary: 'Sync status of one event',
        params: accountParamsSchema.extend({ eventId: idSchema }),
        response: withErrorResponses({ 200: eventSyncSchema }),
      },
    },
    async (request) =>
      eventSync({ deps, log: request.log }, request.params.accountId, request.params.eventId),
  );

  app.get(
    `${base}/parked`,
    {
      schema: {
        tags,
        summary: 'List parked records',
        description:
          'Records held back while the connection could not take writes, with the error that parked them.',
        params: accountParamsSchema,
        querystring: failedListQuerySchema,
        response: withErrorResponses({ 200: pageOf(parkedRecordSchema) }),
      },
    },
    async (request) => listParked({ deps, log: request.log }, request.params.accountId, request.query),
  );

  app.post(
    `${base}/parked/replay`,
    {
      schema: {
        tags,
        summary: 'Replay parked records',
        description: 'Sends every parked record of the account to the first retry tier of its source topic.',
        params: accountParamsSchema,
        body: noInputBodySchema,
        response: withErrorResponses({ 200: replayResultSchema }),
      },
    },
    async (request) => replayParked({ deps, log: request.log }, request.params.accountId),
  );

  app.get(
    `${base}/dead-letters`,
    {
      schema: {
        tags,
        summary: 'List dead letters',
        params: accountParamsSchema,
        querystring: deadLetterListQuerySchema,
        response: withErrorResponses({ 200: pageOf(deadLetterSchema) }),
      },
    },
    async (request) => listDeadLetters({ deps, log: request.log }, request.params.accountId, request.query),
  );

  app.post(
    `${base}/dead-letters/replay`,
    {
      schema: {
        tags,
        summary: 'Replay dead letters',
        description:
          'Sends dead letters to the first retry tier of their source topic and marks them replayed. A record that ' +
          'fails again is dead-lettered again.',
        params: accountParamsSchema,
        // Fastify passes null when the request has no body.
        body: replayDeadLettersBodySchema.nullish(),
        response: withErrorResponses({ 200: replayResultSchema }),
      },
    },
    async (request) =>
      replayDeadLetters({ deps, log: request.log }, request.params.accountId, request.body?.ids),
  );
};
