import { generateApiKey, type ApiKey } from '@oniva-hubspot/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import type { AppDependencies } from '../../deps.js';
import { ApiError } from '../../errors.js';
import { emptyResponseSchema, idSchema, isoOrUndefined, timestampSchema } from '../../http/common-schemas.js';
import { withErrorResponses } from '../../http/error-response.js';

const tags = ['api-keys'];

const keyIdSchema = z.string().regex(/^[0-9a-f]{16}$/, {
  error: 'expected a key id of 16 hexadecimal characters, as returned when the key was created',
});

const apiKeySchema = z
  .object({
    keyId: z.string().describe('Public id of the key; the key itself starts with onk_<keyId>_.'),
    accountId: z.string(),
    label: z.string(),
    createdAt: timestampSchema,
    lastUsedAt: timestampSchema.optional(),
    revokedAt: timestampSchema.optional(),
  })
  .meta({ id: 'ApiKey' });

const createdApiKeySchema = apiKeySchema
  .extend({
    apiKey: z.string().describe('The key to send in the x-api-key header. Shown only in this response.'),
  })
  .meta({ id: 'CreatedApiKey' });

const createBodySchema = z.strictObject({
  accountId: idSchema.describe('Oniva account the key acts for.'),
  label: z
    .string()
    .trim()
    .min(1, { error: 'expected a label of 1 to 100 characters' })
    .max(100, { error: 'expected a label of 1 to 100 characters' })
    .describe('Name for the key, e.g. "Oniva app connections".'),
});

const listQuerySchema = z.strictObject({
  accountId: idSchema.describe('Lists the keys of this account.'),
  includeRevoked: z
    .enum(['true', 'false'], { error: 'expected true or false' })
    .default('false')
    .transform((value) => value === 'true'),
});

const operatorOnly = { access: 'operator' as const };

/** Creates, lists and revokes account API keys. Only the operator key may call these routes. */
export const apiKeyRoutes: FastifyPluginAsyncZod<{ deps: AppDependencies }> = async (app, { deps }) => {
  const { ApiKey: ApiKeys } = deps.models;

  app.post(
    '/api-keys',
    {
      config: operatorOnly,
      schema: {
        tags,
        summary: 'Create an API key for an account',
        description: 'Returns the key once; only a hash of its secret is stored.',
        body: createBodySchema,
        response: withErrorResponses({ 201: createdApiKeySchema }),
      },
    },
    async (request, reply) => {
      const generated = generateApiKey();
      const stored = await ApiKeys.create({
        keyId: generated.keyId,
        accountId: request.body.accountId,
        hash: generated.hash,
        label: request.body.label,
      });
      request.log.info({ keyId: stored.keyId, accountId: stored.accountId }, 'API key created');
      return reply.status(201).send({ ...toApiKeyResponse(stored), apiKey: generated.apiKey });
    },
  );

  app.get(
    '/api-keys',
    {
      config: operatorOnly,
      schema: {
        tags,
        summary: "List an account's API keys",
        querystring: listQuerySchema,
        response: withErrorResponses({ 200: z.object({ apiKeys: z.array(apiKeySchema) }) }),
      },
    },
    async (request) => {
      const filter = request.query.includeRevoked
        ? { accountId: request.query.accountId }
        : { accountId: request.query.accountId, revokedAt: null };
      const keys = await ApiKeys.find(filter).sort({ createdAt: 1 }).limit(1000);
      return { apiKeys: keys.map(toApiKeyResponse) };
    },
  );

  app.delete(
    '/api-keys/:keyId',
    {
      config: operatorOnly,
      schema: {
        tags,
        summary: 'Revoke an API key',
        description: 'The key stops working at once. Revoking a revoked key changes nothing.',
        params: z.strictObject({ keyId: keyIdSchema }),
        response: withErrorResponses({ 204: emptyResponseSchema }),
      },
    },
    async (request, reply) => {
      const key = await ApiKeys.findOne({ keyId: request.params.keyId });
      if (key === null) {
        throw new ApiError(
          'API_API_KEY_NOT_FOUND',
          `No API key with id "${request.params.keyId}". GET /v1/api-keys lists the keys of an account.`,
        );
      }
      if (key.revokedAt === null) {
        await ApiKeys.updateOne({ keyId: key.keyId, revokedAt: null }, { $set: { revokedAt: deps.now() } });
        request.log.info({ keyId: key.keyId, accountId: key.accountId }, 'API key revoked');
      }
      return reply.status(204).send(null);
    },
  );
};

function toApiKeyResponse(key: ApiKey) {
  return {
    keyId: key.keyId,
    accountId: key.accountId,
    label: key.label,
    createdAt: key.createdAt.toISOString(),
    ...(key.lastUsedAt ? { lastUsedAt: isoOrUndefined(key.lastUsedAt) } : {}),
    ...(key.revokedAt ? { revokedAt: isoOrUndefined(key.revokedAt) } : {}),
  };
}
