import { HubSpotError } from '@oniva-hubspot/hubspot-gateway';
import { silentLogger } from '@oniva-hubspot/kafka';
import { describe, expect, it } from 'vitest';

import type { AssociationTypeInfo } from '../src/ports.js';
import { discoverLinkSchema, userDefinedTypeId } from '../src/schema/discover-schema.js';
import { LINK_PROPERTIES, type LinkSchemaDefinition, type SchemaSummary } from '../src/schema/link-object.js';
import { FakeLinkApi, connection } from './support/fakes.js';

const NAME = 'oniva_event_link';

function linkSchema(overrides: Partial<SchemaSummary> = {}): SchemaSummary {
  return {
    name: NAME,
    objectTypeId: '2-555',
    fullyQualifiedName: 'p4242_oniva_event_link',
    properties: Object.values(LINK_PROPERTIES).map((name) => ({
      name,
      hasUniqueValue: name === LINK_PROPERTIES.linkId,
    })),
    ...overrides,
  };
}

/** A portal's schemas and association labels, with the create calls it received. */
class SchemaApi extends FakeLinkApi {
  readonly created: string[] = [];

  constructor(
    private schemas: SchemaSummary[],
    private readonly labels: Record<string, AssociationTypeInfo[]> = {
      '2-555>contacts': [{ category: 'USER_DEFINED', typeId: 123, label: null }],
      'contacts>2-555': [{ category: 'USER_DEFINED', typeId: 124, label: null }],
    },
  ) {
    super();
  }

  override listSchemas(): Promise<SchemaSummary[]> {
    return Promise.resolve(this.schemas);
  }

  override createSchema(definition: LinkSchemaDefinition): Promise<SchemaSummary> {
    this.created.push(definition.name);
    const schema = linkSchema({ name: definition.name });
    this.schemas = [...this.schemas, schema];
    return Promise.resolve(schema);
  }

  override associationTypes(request: {
    fromObjectType: string;
    toObjectType: string;
  }): Promise<AssociationTypeInfo[]> {
    return Promise.resolve(this.labels[`${request.fromObjectType}>${request.toObjectType}`] ?? []);
  }
}

function discover(api: SchemaApi, scopes = ['crm.schemas.custom.read']) {
  return discoverLinkSchema({
    connection: connection({ scopes }),
    api,
    schemaName: NAME,
    signal: undefined,
    logger: silentLogger,
  });
}

describe('discoverLinkSchema', () => {
  it('uses an existing schema and reads both association type ids', async () => {
    const api = new SchemaApi([linkSchema({ name: 'other' }), linkSchema()]);

    await expect(discover(api)).resolves.toEqual({
      portalId: 4242,
      name: NAME,
      objectTypeId: '2-555',
      fullyQualifiedName: 'p4242_oniva_event_link',
      uniqueProperty: 'oniva_link_id',
      associationTypeIds: { toContact: 123, fromContact: 124 },
    });
    expect(api.created).toEqual([]);
  });

  it('creates the schema when it is missing and the token may', async () => {
    const api = new SchemaApi([]);

    const schema = await discover(api, ['crm.schemas.custom.read', 'crm.schemas.custom.write']);

    expect(api.created).toEqual([NAME]);
    expect(schema.objectTypeId).toBe('2-555');
  });

  it('reports the missing scope when the schema is missing', async () => {
    const api = new SchemaApi([]);

    await expect(discover(api)).rejects.toMatchObject({
      code: 'LINK_SINK_ERR_SCHEMA_MISSING',
      kind: 'connection',
      message: expect.stringContaining('crm.schemas.custom.write'),
    });
    expect(api.created).toEqual([]);
  });

  it('names the problems of a schema that cannot hold links', async () => {
    const api = new SchemaApi([
      linkSchema({ properties: [{ name: LINK_PROPERTIES.linkId, hasUniqueValue: false }] }),
    ]);

    const error = await discover(api).catch((thrown: unknown) => thrown);

    expect(error).toMatchObject({ code: 'LINK_SINK_ERR_SCHEMA_INVALID', kind: 'connection' });
    expect((error as Error).message).toContain('property "url" is missing');
    expect((error as Error).message).toContain('does not have unique values');
  });

  it('reports a schema without a contact association', async () => {
    const api = new SchemaApi([linkSchema()], { '2-555>contacts': [], 'contacts>2-555': [] });

    await expect(discover(api)).rejects.toMatchObject({ code: 'LINK_SINK_ERR_ASSOCIATION_TYPE_MISSING' });
  });

  it('turns a permanent HubSpot rejection into a connection failure', async () => {
    const api = new SchemaApi([]);
    const conflict = new HubSpotError({
      code: 'HUBSPOT_CONFLICT',
      message: 'name in use by an archived object',
    });
    api.createSchema = () => Promise.reject(conflict);

    await expect(discover(api, ['crm.schemas.custom.write'])).rejects.toMatchObject({
      code: 'LINK_SINK_ERR_SCHEMA_SETUP_FAILED',
      kind: 'connection',
      cause: conflict,
    });
  });

  it('passes retriable HubSpot failures through', async () => {
    const api = new SchemaApi([]);
    const outage = new HubSpotError({ code: 'HUBSPOT_SERVER_ERROR', message: '502' });
    api.listSchemas = () => Promise.reject(outage);

    await expect(discover(api)).rejects.toBe(outage);
  });
});

describe('userDefinedTypeId', () => {
  it('prefers the unlabeled USER_DEFINED type', () => {
    const types: AssociationTypeInfo[] = [
      { category: 'HUBSPOT_DEFINED', typeId: 1, label: null },
      { category: 'USER_DEFINED', typeId: 7, label: 'Owner' },
      { category: 'USER_DEFINED', typeId: 8, label: null },
    ];

    expect(userDefinedTypeId(types)).toBe(8);
  });

  it('falls back to a labeled USER_DEFINED type', () => {
    expect(userDefinedTypeId([{ category: 'USER_DEFINED', typeId: 7, label: 'Owner' }])).toBe(7);
  });

  it('returns undefined without a USER_DEFINED type', () => {
    expect(userDefinedTypeId([{ category: 'HUBSPOT_DEFINED', typeId: 1, label: null }])).toBeUndefined();
  });
});
