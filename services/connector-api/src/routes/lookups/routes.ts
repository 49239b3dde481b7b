import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import type { AppDependencies } from '../../deps.js';
import { callHubSpot } from '../../hubspot/errors.js';
import { accountParamsSchema, isoOrUndefined, timestampSchema } from '../../http/common-schemas.js';
import { withErrorResponses } from '../../http/error-response.js';
import { connectionFor } from '../shared/connection-access.js';

const tags = ['lookups'];

/** HubSpot's object type id of contacts; imports read contact lists only. */
export const CONTACT_OBJECT_TYPE_ID = '0-1';

const COUNT_EXPECTED = 'expected an integer from 1 to 100';
const OFFSET_EXPECTED = 'expected an integer of 0 or more, the offset of the previous page';

const listSearchQuerySchema = z.strictObject({
  query: z
    .string()
    .max(200, { error: 'expected at most 200 characters' })
    .default('')
    .describe('Part of the list name; empty lists every list.'),
  offset: z.coerce
    .number({ error: OFFSET_EXPECTED })
    .int({ error: OFFSET_EXPECTED })
    .min(0, { error: OFFSET_EXPECTED })
    .default(0)
    .describe('Offset returned with the previous page.'),
  count: z.coerce
    .number({ error: COUNT_EXPECTED })
    .int({ error: COUNT_EXPECTED })
    .min(1, { error: COUNT_EXPECTED })
    .max(100, { error: COUNT_EXPECTED })
    .default(20)
    .describe('Lists per page.'),
});

const listSchema = z.object({
  listId: z.string().describe('HubSpot list id, to pass to POST …/imports.'),
  name: z.string(),
  processingType: z.string().describe('MANUAL, DYNAMIC (active) or SNAPSHOT (static).'),
  size: z.int().optional().describe('Members, when HubSpot reports it.'),
  updatedAt: timestampSchema.optional(),
});

const listPageSchema = z
  .object({
    lists: z
      .array(listSchema)
      .describe('Contact lists of this page; lists of other object types are left out.'),
    offset: z.int().describe('Offset of the next page.'),
    hasMore: z.boolean(),
    total: z.int().describe('Lists matching the query, of every object type.'),
  })
  .meta({ id: 'ListPage' });

const contactPropertySchema = z.object({
  name: z.string().describe('Internal name, used as hubspotProperty in a field mapping.'),
  label: z.string(),
  type: z.string(),
  fieldType: z.string(),
  groupName: z.string(),
  readOnlyValue: z.boolean().describe('True when HubSpot computes the value.'),
  hubspotDefined: z.boolean(),
  options: z.array(z.object({ label: z.string(), value: z.string() })),
});

/** Look-ups for the import dialog: contact lists and contact properties of the connected portal. */
export const lookupRoutes: FastifyPluginAsyncZod<{ deps: AppDependencies }> = async (app, { deps }) => {
  app.get(
    '/accounts/:accountId/hubspot/lists',
    {
      schema: {
        tags,
        summary: 'Search contact lists',
        description:
          'Searches the portal’s lists by name, with offset paging. Needs the contact import feature.',
        params: accountParamsSchema,
        querystring: listSearchQuerySchema,
        response: withErrorResponses({ 200: listPageSchema }),
      },
    },
    async (request) => {
      const { accountId } = request.params;
      const { credentials } = await connectionFor(deps, accountId, 'contactImport');
      const page = await callHubSpot({ kind: 'stored', accountId }, () =>
        deps.hubspot.searchLists(credentials, request.query),
      );
      return {
        lists: page.lists
          .filter((list) => list.objectTypeId === CONTACT_OBJECT_TYPE_ID)
          .map((list) => ({
            listId: list.listId,
            name: list.name,
            processingType: list.processingType,
            ...(list.size === undefined ? {} : { size: list.size }),
            ...(list.updatedAt === undefined ? {} : { updatedAt: isoOrUndefined(list.updatedAt) }),
          })),
        offset: page.offset,
        hasMore: page.hasMore,
        total: page.total,
      };
    },
  );

  app.get(
    '/accounts/:accountId/hubspot/contact-properties',
    {
      schema: {
        tags,
        summary: 'List contact properties',
        description: 'Properties that a field mapping may read. Needs the contact import feature.',
        params: accountParamsSchema,
        response: withErrorResponses({ 200: z.object({ properties: z.array(contactPropertySchema) }) }),
      },
    },
    async (request) => {
      const { accountId } = request.params;
      const { credentials } = await connectionFor(deps, accountId, 'contactImport');
      const properties = await callHubSpot({ kind: 'stored', accountId }, () =>
        deps.hubspot.getContactProperties(credentials),
      );
      return { properties };
    },
  );
};
