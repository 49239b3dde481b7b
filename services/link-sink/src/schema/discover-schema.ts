import { isHubSpotError } from '@oniva-hubspot/hubspot-gateway';
import type { KafkaLogger } from '@oniva-hubspot/kafka';

import { LinkSinkError } from '../errors.js';
import { SCHEMA_WRITE_SCOPE } from '../failures/diagnosis.js';
import type { AssociationTypeInfo, LinkConnection, LinkHubSpotApi, LinkObjectSchema } from '../ports.js';
import {
  CONTACTS_OBJECT_TYPE,
  LINK_PROPERTIES,
  linkSchemaDefinition,
  schemaProblems,
  type SchemaSummary,
} from './link-object.js';

/** Input of `discoverLinkSchema`. */
export interface DiscoverSchemaInput {
  connection: LinkConnection;
  api: LinkHubSpotApi;
  /** Name of the link schema, e.g. `oniva_event_link`. */
  schemaName: string;
  signal: AbortSignal | undefined;
  logger: KafkaLogger;
}

/**
 * Finds the portal's link schema by name, or creates it when it is missing and the token has
 * `crm.schemas.custom.write`. Then reads its USER_DEFINED association type ids with contacts from
 * HubSpot's labels endpoint, once per direction, because the ids differ per portal and direction.
 *
 * Throws a connection-level error when the schema cannot be used: missing without the write
 * scope, lacking a property, without a contact association, or refused by HubSpot for good.
 * Retriable HubSpot errors propagate unchanged.
 */
export async function discoverLinkSchema(input: DiscoverSchemaInput): Promise<LinkObjectSchema> {
  const { connection, api, schemaName, signal } = input;
  const context = { portalId: connection.portalId, schemaName };

  const schemas = await duringSetup(context, () => api.listSchemas(signal));
  let schema = schemas.find((candidate) => candidate.name === schemaName);
  if (schema === undefined) {
    schema = await createLinkSchema(input);
  }

  const problems = schemaProblems(schema);
  if (problems.length > 0) {
    throw new LinkSinkError(
      'LINK_SINK_ERR_SCHEMA_INVALID',
      `Custom object "${schemaName}" in portal ${connection.portalId} cannot hold personal links: ${problems.join('; ')}`,
      { details: { ...context, problems } },
    );
  }

  const [toContact, fromContact] = await Promise.all([
    associationTypeId(input, schema, {
      fromObjectType: schema.objectTypeId,
      toObjectType: CONTACTS_OBJECT_TYPE,
    }),
    associationTypeId(input, schema, {
      fromObjectType: CONTACTS_OBJECT_TYPE,
      toObjectType: schema.objectTypeId,
    }),
  ]);
  return {
    portalId: connection.portalId,
    name: schema.name,
    objectTypeId: schema.objectTypeId,
    fullyQualifiedName: schema.fullyQualifiedName,
    uniqueProperty: LINK_PROPERTIES.linkId,
    associationTypeIds: { toContact, fromContact },
  };
}

async function createLinkSchema(input: DiscoverSchemaInput): Promise<SchemaSummary> {
  const { connection, api, schemaName, signal, logger } = input;
  if (!connection.scopes.includes(SCHEMA_WRITE_SCOPE)) {
    throw new LinkSinkError(
      'LINK_SINK_ERR_SCHEMA_MISSING',
      `Portal ${connection.portalId} has no custom object "${schemaName}" for personal links, and the token lacks ` +
        `${SCHEMA_WRITE_SCOPE} to create it`,
      { details: { portalId: connection.portalId, schemaName, missingScope: SCHEMA_WRITE_SCOPE } },
    );
  }

  // The gateway resolves an ambiguous create (timeout, dropped connection, 409) by looking the
  // schema up by name before it would send the create again.
  const created = await duringSetup({ portalId: connection.portalId, schemaName }, () =>
    api.createSchema(linkSchemaDefinition(schemaName), signal),
  );
  logger.info(
    {
      accountId: connection.accountId,
      portalId: connection.portalId,
      schemaName,
      objectTypeId: created.objectTypeId,
    },
    'link schema created in HubSpot',
  );
  return created;
}

async function associationTypeId(
  input: DiscoverSchemaInput,
  schema: SchemaSummary,
  direction: { fromObjectType: string; toObjectType: string },
): Promise<number> {
  const context = { portalId: input.connection.portalId, schemaName: schema.name };
  const types = await duringSetup(context, () => input.api.associationTypes(direction, input.signal));
  const typeId = userDefinedTypeId(types);
  if (typeId === undefined) {
    throw new LinkSinkError(
      'LINK_SINK_ERR_ASSOCIATION_TYPE_MISSING',
      `Custom object "${schema.name}" in portal ${input.connection.portalId} has no USER_DEFINED association ` +
        `type from ${direction.fromObjectType} to ${direction.toObjectType}`,
      { details: { ...context, ...direction } },
    );
  }
  return typeId;
}

/**
 * Returns the id of the USER_DEFINED association type, preferring the unlabeled one that HubSpot
 * creates for the schema's `associatedObjects`; undefined when there is none.
 */
export function userDefinedTypeId(types: readonly AssociationTypeInfo[]): number | undefined {
  const userDefined = types.filter((type) => type.category === 'USER_DEFINED');
  return (userDefined.find((type) => type.label === null) ?? userDefined[0])?.typeId;
}

/**
 * Runs one schema setup call. A permanent HubSpot failure here is not the fault of one link: every
 * link of the portal would fail the same way, so it becomes a connection-level error.
 */
async function duringSetup<T>(
  context: { portalId: number; schemaName: string },
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isHubSpotError(error) && error.kind === 'permanent') {
      throw new LinkSinkError(
        'LINK_SINK_ERR_SCHEMA_SETUP_FAILED',
        `Setting up custom object "${context.schemaName}" in portal ${context.portalId} failed: ${error.message}`,
        { cause: error, details: { ...context, hubspotCode: error.code } },
      );
    }
    throw error;
  }
}
