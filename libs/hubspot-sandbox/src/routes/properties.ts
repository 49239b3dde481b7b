import type { RouteModule } from '../context.js';
import { notFound } from '../http/hubspot-errors.js';
import { queryBoolean } from '../http/params.js';
import type { PropertyDefinition } from '../state/contact-properties.js';

/** Any one of these scopes lets a token read contact property definitions. */
const PROPERTIES_READ = {
  anyOf: [
    'crm.objects.contacts.read',
    'crm.objects.contacts.write',
    'crm.schemas.contacts.read',
    'crm.schemas.contacts.write',
  ],
} as const;

/** Returns a property definition with the timestamps and archive flag the API adds. */
function propertyJson(definition: PropertyDefinition, createdAt: string) {
  return {
    ...definition,
    archived: false,
    createdAt,
    updatedAt: createdAt,
    dataSensitivity: 'non_sensitive',
  };
}

/** `GET /crm/v3/properties/contacts` and a single property by name. */
export const propertyRoutes: RouteModule = (app, ctx) => {
  // HubSpot-defined properties predate every portal; a fixed creation time keeps responses stable.
  const createdAt = '2019-08-06T02:41:52.000Z';

  app.get('/crm/v3/properties/contacts', async (request) => {
    const { portalId } = ctx.requireAuth(request, PROPERTIES_READ);
    // Archived properties are not kept, so `archived=true` lists none.
    if (queryBoolean(request, 'archived', false)) return { results: [] };
    return {
      results: ctx
        .contacts(portalId)
        .propertyDefinitions()
        .map((definition) => propertyJson(definition, createdAt)),
    };
  });

  app.get('/crm/v3/properties/contacts/:propertyName', async (request) => {
    const { portalId } = ctx.requireAuth(request, PROPERTIES_READ);
    const { propertyName } = request.params as { propertyName: string };
    const definition = ctx.contacts(portalId).propertyDefinition(propertyName);
    if (definition === undefined)
      throw notFound(`Property ${propertyName} does not exist for object type contacts.`);
    return propertyJson(definition, createdAt);
  });
};
