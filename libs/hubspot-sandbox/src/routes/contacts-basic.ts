import { z } from 'zod';
import type { RouteModule } from '../context.js';
import { notFound, validationError } from '../http/hubspot-errors.js';
import { parseBody, queryBoolean, queryInteger, queryList, queryString } from '../http/params.js';
import { contactJson, readProperties } from './contact-json.js';
import {
  CONTACTS_READ,
  CONTACTS_WRITE,
  checkIdProperty,
  findContact,
  propertyValuesSchema,
} from './contacts-shared.js';

const createBody = z.object({
  properties: propertyValuesSchema,
  // NOTE: inline associations on contact create are accepted but not stored.
  associations: z.array(z.unknown()).optional(),
});
const updateBody = z.object({ properties: propertyValuesSchema });

/** Single-record contact endpoints and paged listing of all contacts. */
export const contactBasicRoutes: RouteModule = (app, ctx) => {
  app.get('/crm/v3/objects/contacts', async (request) => {
    const { portalId } = ctx.requireAuth(request, CONTACTS_READ);
    const store = ctx.contacts(portalId);
    const limit = queryInteger(request, 'limit', { defaultValue: 10, min: 1, max: 100 });
    const after = queryString(request, 'after');
    const afterId = after === undefined || after === '' ? undefined : Number(after);
    if (afterId !== undefined && !Number.isInteger(afterId)) {
      throw validationError(`after=${after} is not a valid paging cursor; pass back paging.next.after.`);
    }
    const archived = queryBoolean(request, 'archived', false);
    // Deleted contacts are not kept, so the archived listing is always empty.
    const page = archived ? [] : store.page(afterId, limit + 1);
    const results = page.slice(0, limit);
    const properties = readProperties(queryList(request, 'properties'));
    const last = results[results.length - 1];
    return {
      results: results.map((record) =>
        contactJson(store, record, {
          properties,
          propertiesWithHistory: queryList(request, 'propertiesWithHistory'),
        }),
      ),
      ...(page.length > limit && last !== undefined
        ? {
            paging: {
              next: { after: last.id, link: `/crm/v3/objects/contacts?after=${last.id}&limit=${limit}` },
            },
          }
        : {}),
    };
  });

  app.get('/crm/v3/objects/contacts/:contactId', async (request) => {
    const { portalId } = ctx.requireAuth(request, CONTACTS_READ);
    const store = ctx.contacts(portalId);
    const { contactId } = request.params as { contactId: string };
    const idProperty = queryString(request, 'idProperty');
    const problem = checkIdProperty(store, idProperty);
    if (problem !== undefined) throw problem;
    const record = queryBoolean(request, 'archived', false)
      ? undefined
      : findContact(store, contactId, idProperty);
    if (record === undefined) throw notFound();
    return contactJson(store, record, {
      properties: readProperties(queryList(request, 'properties')),
      propertiesWithHistory: queryList(request, 'propertiesWithHistory'),
    });
  });

  app.post('/crm/v3/objects/contacts', async (request, reply) => {
    const { portalId } = ctx.requireAuth(request, CONTACTS_WRITE);
    const store = ctx.contacts(portalId);
    const body = parseBody(createBody, request.body);
    const record = store.create(body.properties);
    return reply.code(201).send(contactJson(store, record));
  });

  app.patch('/crm/v3/objects/contacts/:contactId', async (request) => {
    const { portalId } = ctx.requireAuth(request, CONTACTS_WRITE);
    const store = ctx.contacts(portalId);
    const { contactId } = request.params as { contactId: string };
    const idProperty = queryString(request, 'idProperty');
    const problem = checkIdProperty(store, idProperty);
    if (problem !== undefined) throw problem;
    const current = findContact(store, contactId, idProperty);
    if (current === undefined) throw notFound();
    const body = parseBody(updateBody, request.body);
    return contactJson(store, store.update(current.id, body.properties));
  });

  app.delete('/crm/v3/objects/contacts/:contactId', async (request, reply) => {
    const { portalId } = ctx.requireAuth(request, CONTACTS_WRITE);
    const { contactId } = request.params as { contactId: string };
    // Deleting an absent record succeeds, as HubSpot's archive does.
    ctx.contacts(portalId).delete(contactId);
    return reply.code(204).send();
  });
};
