import type { Property } from '@hubspot/api-client/lib/codegen/crm/properties/index.js';

import type { CallOptions, HubSpotConnection } from '../connection.js';

/** Reads every non-archived contact property (`GET /crm/v3/properties/contacts`), for field mapping. */
export async function getContactProperties(
  connection: HubSpotConnection,
  options?: CallOptions,
): Promise<Property[]> {
  const { data } = await connection.call(
    { operation: 'properties.contacts.list', idempotent: true },
    (client) => client.crm.properties.coreApi.getAll('contacts', false),
    options,
  );
  return data.results;
}
