import type { ObjectSchemaEgg } from '@hubspot/api-client/lib/codegen/crm/schemas/index.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  PROFESSIONAL_TOKEN,
  SCHEMA_READ_TOKEN,
  TOKEN,
  createLinkSchema,
  linkSchemaInput,
  sdkRejection,
  startObjectsSandbox,
  type ObjectsSandbox,
} from './custom-objects-helpers.js';

const SCHEMAS = '/crm-object-schemas/v3/schemas';

let harness: ObjectsSandbox;

beforeEach(async () => {
  harness = await startObjectsSandbox();
});

afterEach(async () => {
  await harness.close();
});

describe('custom object schemas by tier', () => {
  it('schema list is empty on a Professional portal', async () => {
    const response = await harness.client(PROFESSIONAL_TOKEN).crm.schemas.coreApi.getAll();

    expect(response.results).toEqual([]);
  });

  it('schema create returns 403 on a Professional portal', async () => {
    const response = await harness.call('POST', SCHEMAS, {
      token: PROFESSIONAL_TOKEN,
      body: linkSchemaInput(),
    });

    expect(response.status).toBe(403);
    expect(response.body.status).toBe('error');
    expect(response.body.category).toBe('FORBIDDEN');
    expect(response.body.message).toBe('This portal does not have access to custom objects');
  });

  it('schema create requires crm.schemas.custom.write', async () => {
    const response = await harness.call('POST', SCHEMAS, {
      token: SCHEMA_READ_TOKEN,
      body: linkSchemaInput(),
    });

    expect(response.status).toBe(403);
    expect(response.body.category).toBe('MISSING_SCOPES');
    expect(response.body.errors[0].context.requiredGranularScopes).toEqual(['crm.schemas.custom.write']);
  });

  it('schema list requires crm.schemas.custom.read', async () => {
    harness.sandbox.admin.setScopes(TOKEN, ['crm.objects.custom.read']);

    const response = await harness.call('GET', SCHEMAS);

    expect(response.status).toBe(403);
    expect(response.body.errors[0].context.requiredGranularScopes).toEqual(['crm.schemas.custom.read']);
  });

  it('scope check runs before the tier check', async () => {
    harness.sandbox.admin.setScopes(PROFESSIONAL_TOKEN, ['crm.schemas.custom.read']);

    const response = await harness.call('POST', SCHEMAS, {
      token: PROFESSIONAL_TOKEN,
      body: linkSchemaInput(),
    });

    expect(response.body.category).toBe('MISSING_SCOPES');
  });
});

describe('custom object schema create', () => {
  it('schema create returns 201 with ids and a contact association', async () => {
    const schema = await harness
      .client()
      .crm.schemas.coreApi.create(linkSchemaInput() as unknown as ObjectSchemaEgg);

    expect(schema.objectTypeId).toMatch(/^2-\d+$/);
    expect(schema.fullyQualifiedName).toBe('p5151_event_link');
    expect(schema.requiredProperties).toEqual(['link_key']);
    expect(schema.associations).toHaveLength(1);
    expect(schema.associations[0]?.fromObjectTypeId).toBe(schema.objectTypeId);
    expect(schema.associations[0]?.toObjectTypeId).toBe('0-1');
    expect(schema.associations[0]?.name).toBe('event_link_to_contact');
    const linkKey = schema.properties.find((property) => property.name === 'link_key');
    expect(linkKey?.hasUniqueValue).toBe(true);
  });

  it('schema association types differ by direction', async () => {
    const created = await createLinkSchema(harness);
    const schema = await harness.call('GET', `${SCHEMAS}/${created.objectTypeId}`);

    expect(created.toContactTypeId).not.toBe(created.fromContactTypeId);
    expect(schema.body.associations[0].id).toBe(String(created.toContactTypeId));
  });

  it.each(['1link', 'event-link', 'event link', 'linkß'])(
    'schema create rejects the name %s',
    async (name) => {
      const response = await harness.call('POST', SCHEMAS, { body: linkSchemaInput(name) });

      expect(response.status).toBe(400);
      expect(response.body.category).toBe('VALIDATION_ERROR');
    },
  );

  it('schema create rejects a duplicate name with 409', async () => {
    await createLinkSchema(harness);

    const error = await sdkRejection(
      harness.client().crm.schemas.coreApi.create(linkSchemaInput() as unknown as ObjectSchemaEgg),
    );

    expect(error.code).toBe(409);
  });

  it.each([
    ['requiredProperties', { requiredProperties: ['missing_property'] }],
    ['primaryDisplayProperty', { primaryDisplayProperty: 'missing_property' }],
    ['searchableProperties', { searchableProperties: ['missing_property'] }],
  ])('schema create rejects an undefined property in %s', async (field, overrides) => {
    const response = await harness.call('POST', SCHEMAS, { body: linkSchemaInput('event_link', overrides) });

    expect(response.status).toBe(400);
    expect(response.body.message).toContain(field);
  });

  it.each(['labels', 'properties', 'requiredProperties', 'associatedObjects'])(
    'schema create requires %s',
    async (field) => {
      const body: Record<string, unknown> = linkSchemaInput();
      delete body[field];

      const response = await harness.call('POST', SCHEMAS, { body });

      expect(response.status).toBe(400);
      expect(response.body.message).toContain(field);
    },
  );

  it('schema create accepts 10 unique properties and rejects 11', async () => {
    const uniqueProperties = (count: number) =>
      Array.from({ length: count }, (_, index) => ({
        name: `key_${index}`,
        label: `Key ${index}`,
        type: 'string',
        fieldType: 'text',
        hasUniqueValue: true,
      }));

    const ten = await harness.call('POST', SCHEMAS, {
      body: linkSchemaInput('ten_keys', {
        properties: uniqueProperties(10),
        requiredProperties: [],
        primaryDisplayProperty: 'key_0',
      }),
    });
    const eleven = await harness.call('POST', SCHEMAS, {
      body: linkSchemaInput('eleven_keys', {
        properties: uniqueProperties(11),
        requiredProperties: [],
        primaryDisplayProperty: 'key_0',
      }),
    });

    expect(ten.status).toBe(201);
    expect(eleven.status).toBe(400);
    expect(eleven.body.message).toContain('hasUniqueValue');
  });

  it('schema create rejects an unknown associated object', async () => {
    const response = await harness.call('POST', SCHEMAS, {
      body: linkSchemaInput('event_link', { associatedObjects: ['SPACESHIP'] }),
    });

    expect(response.status).toBe(400);
    expect(response.body.message).toContain('SPACESHIP');
  });

  it('schema create stops at the configured number of object types', async () => {
    await harness.close();
    harness = await startObjectsSandbox({ maxObjectTypes: 1 });
    await createLinkSchema(harness, 'first_type');

    const response = await harness.call('POST', SCHEMAS, { body: linkSchemaInput('second_type') });

    expect(response.status).toBe(400);
  });
});

describe('custom object schema read and update', () => {
  it('schema get resolves objectTypeId and both qualified names', async () => {
    const created = await createLinkSchema(harness);
    const api = harness.client().crm.schemas.coreApi;

    const byTypeId = await api.getById(created.objectTypeId);
    const byQualifiedName = await api.getById('p5151_event_link');
    const byShortName = await api.getById('p_event_link');

    expect(byQualifiedName.objectTypeId).toBe(byTypeId.objectTypeId);
    expect(byShortName.objectTypeId).toBe(byTypeId.objectTypeId);
  });

  it('schema get returns 404 for a bare name', async () => {
    await createLinkSchema(harness);

    const response = await harness.call('GET', `${SCHEMAS}/event_link`);

    expect(response.status).toBe(404);
  });

  it('schema list returns created schemas', async () => {
    await createLinkSchema(harness, 'first_type');
    await createLinkSchema(harness, 'second_type');

    const response = await harness.client(SCHEMA_READ_TOKEN).crm.schemas.coreApi.getAll();

    expect(response.results.map((schema) => schema.name)).toEqual(['first_type', 'second_type']);
  });

  it('schema patch updates labels and required properties', async () => {
    const created = await createLinkSchema(harness);

    const updated = await harness.client().crm.schemas.coreApi.update(created.objectTypeId, {
      labels: { singular: 'Personal link', plural: 'Personal links' },
      requiredProperties: ['link_key', 'url'],
    });

    expect(updated.labels.singular).toBe('Personal link');
    expect(updated.requiredProperties).toEqual(['link_key', 'url']);
  });

  it('schema patch rejects an undefined required property', async () => {
    const created = await createLinkSchema(harness);

    const response = await harness.call('PATCH', `${SCHEMAS}/${created.objectTypeId}`, {
      body: { requiredProperties: ['missing_property'] },
    });

    expect(response.status).toBe(400);
  });

  it('schema associations endpoint adds a pair of types', async () => {
    const created = await createLinkSchema(harness);

    const response = await harness.call('POST', `${SCHEMAS}/${created.objectTypeId}/associations`, {
      body: { fromObjectTypeId: created.objectTypeId, toObjectTypeId: '0-2' },
    });
    const labels = await harness.call('GET', `/crm/v4/associations/0-2/${created.objectTypeId}/labels`);

    expect(response.status).toBe(201);
    expect(response.body.toObjectTypeId).toBe('0-2');
    expect(labels.body.results).toHaveLength(1);
    expect(labels.body.results[0].category).toBe('USER_DEFINED');
  });
});
