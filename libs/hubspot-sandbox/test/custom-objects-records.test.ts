import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/objects/index.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  PROFESSIONAL_TOKEN,
  SCHEMA_READ_TOKEN,
  createLinkSchema,
  sdkRejection,
  startObjectsSandbox,
  type CreatedSchema,
  type ObjectsSandbox,
} from './custom-objects-helpers.js';

let harness: ObjectsSandbox;
let schema: CreatedSchema;

function objectsPath(suffix: string, objectType = schema.objectTypeId): string {
  return `/crm/v3/objects/${objectType}${suffix}`;
}

function linkToContact(contactId: string, typeId = schema.toContactTypeId) {
  return {
    to: { id: contactId },
    types: [
      { associationCategory: AssociationSpecAssociationCategoryEnum.UserDefined, associationTypeId: typeId },
    ],
  };
}

async function recordCount(): Promise<number> {
  const ids = Array.from({ length: 10 }, (_, index) => ({ id: String(30_000_001 + index) }));
  const response = await harness.call('POST', objectsPath('/batch/read'), {
    body: { inputs: ids, properties: [] },
  });
  return response.body.results.length;
}

beforeEach(async () => {
  harness = await startObjectsSandbox();
  schema = await createLinkSchema(harness);
});

afterEach(async () => {
  await harness.close();
});

describe('custom object batch create', () => {
  it('batch create returns 201 with stored and computed properties', async () => {
    const response = await harness.client().crm.objects.batchApi.create(schema.objectTypeId, {
      inputs: [
        {
          properties: { link_key: 'k-1', url: 'https://oniva.example/l/1', status: 'active' },
          associations: [],
        },
      ],
    });

    const [record] = response.results;
    expect(record?.id).toMatch(/^\d+$/);
    expect(record?.properties['link_key']).toBe('k-1');
    expect(record?.properties['hs_object_id']).toBe(record?.id);
    expect(record?.properties['hs_createdate']).toBe('2026-06-01T12:00:00.000Z');
  });

  it('batch create associates each record with its contact', async () => {
    const [ada] = harness.contactIds as [string];

    const created = await harness.client().crm.objects.batchApi.create(schema.objectTypeId, {
      inputs: [{ properties: { link_key: 'k-1' }, associations: [linkToContact(ada)] }],
    });
    const recordId = created.results[0]?.id ?? '';
    const fromRecord = await harness
      .client()
      .crm.associations.v4.basicApi.getPage(schema.objectTypeId, recordId, '0-1');
    const fromContact = await harness
      .client()
      .crm.associations.v4.basicApi.getPage('0-1', ada, schema.objectTypeId);

    expect(fromRecord.results).toEqual([
      expect.objectContaining({
        toObjectId: ada,
        associationTypes: [
          expect.objectContaining({ typeId: schema.toContactTypeId, category: 'USER_DEFINED' }),
        ],
      }),
    ]);
    expect(fromContact.results[0]?.toObjectId).toBe(recordId);
    expect(fromContact.results[0]?.associationTypes[0]?.typeId).toBe(schema.fromContactTypeId);
  });

  it('batch create accepts the fully qualified name', async () => {
    const response = await harness.call('POST', objectsPath('/batch/create', schema.fullyQualifiedName), {
      body: { inputs: [{ properties: { link_key: 'k-1' } }] },
    });

    expect(response.status).toBe(201);
  });

  it.each([
    [
      'an association type of the wrong direction',
      () => linkToContact(harness.contactIds[0] as string, schema.fromContactTypeId),
    ],
    ['an unknown association type id', () => linkToContact(harness.contactIds[0] as string, 987_654)],
    ['a contact that does not exist', () => linkToContact('999999')],
  ])('batch create rejects %s', async (_case, association) => {
    const response = await harness.call('POST', objectsPath('/batch/create'), {
      body: { inputs: [{ properties: { link_key: 'k-1' }, associations: [association()] }] },
    });

    expect(response.status).toBe(400);
    expect(await recordCount()).toBe(0);
  });

  it('batch create rejects a missing required property', async () => {
    const response = await harness.call('POST', objectsPath('/batch/create'), {
      body: {
        inputs: [{ properties: { link_key: 'k-1' } }, { properties: { url: 'https://oniva.example' } }],
      },
    });

    expect(response.status).toBe(400);
    expect(response.body.category).toBe('VALIDATION_ERROR');
    expect(response.body.message).toContain('link_key');
    expect(await recordCount()).toBe(0);
  });

  it.each([
    ['an unknown property', { link_key: 'k-1', colour: 'red' }, 'PROPERTY_DOESNT_EXIST'],
    ['an invalid option', { link_key: 'k-1', status: 'paused' }, 'INVALID_OPTION'],
    ['a read-only property', { link_key: 'k-1', hs_object_id: '1' }, 'READ_ONLY_VALUE'],
  ])('batch create rejects %s', async (_case, properties, code) => {
    const response = await harness.call('POST', objectsPath('/batch/create'), {
      body: { inputs: [{ properties }] },
    });

    expect(response.status).toBe(400);
    expect(response.body.message).toContain('Property values were not valid');
    expect(response.body.errors[0].code).toBe(code);
  });

  it('batch create rejects a unique value already in use with 409', async () => {
    await harness.call('POST', objectsPath('/batch/create'), {
      body: { inputs: [{ properties: { link_key: 'k-1' } }] },
    });

    const error = await sdkRejection(
      harness.client().crm.objects.batchApi.create(schema.objectTypeId, {
        inputs: [
          { properties: { link_key: 'k-2' }, associations: [] },
          { properties: { link_key: 'k-1' }, associations: [] },
        ],
      }),
    );

    expect(error.code).toBe(409);
    expect(error.body.category).toBe('CONFLICT');
    expect(await recordCount()).toBe(1);
  });

  it('batch create rejects two inputs with the same unique value', async () => {
    const response = await harness.call('POST', objectsPath('/batch/create'), {
      body: { inputs: [{ properties: { link_key: 'k-1' } }, { properties: { link_key: 'k-1' } }] },
    });

    expect(response.status).toBe(409);
    expect(await recordCount()).toBe(0);
  });

  it('batch create reports inputs one by one only with trace ids', async () => {
    const inputs = [
      { properties: { link_key: 'k-1' }, objectWriteTraceId: 'trace-1' },
      { properties: { url: 'https://oniva.example' }, objectWriteTraceId: 'trace-2' },
    ];

    const traced = await harness.call('POST', objectsPath('/batch/create'), { body: { inputs } });

    expect(traced.status).toBe(207);
    expect(traced.body.results).toHaveLength(1);
    expect(traced.body.numErrors).toBe(1);
    expect(traced.body.errors[0].context.objectWriteTraceId).toEqual(['trace-2']);
  });

  it('batch create fails as a whole when a trace id repeats', async () => {
    const inputs = [
      { properties: { link_key: 'k-1' }, objectWriteTraceId: 'trace-1' },
      { properties: { url: 'https://oniva.example' }, objectWriteTraceId: 'trace-1' },
    ];

    const response = await harness.call('POST', objectsPath('/batch/create'), { body: { inputs } });

    expect(response.status).toBe(400);
    expect(await recordCount()).toBe(0);
  });

  it('batch create rejects more than 100 inputs', async () => {
    const inputs = Array.from({ length: 101 }, (_, index) => ({ properties: { link_key: `k-${index}` } }));

    const response = await harness.call('POST', objectsPath('/batch/create'), { body: { inputs } });

    expect(response.status).toBe(400);
  });

  it('batch create rejects an unknown object type', async () => {
    const response = await harness.call('POST', objectsPath('/batch/create', '2-999999'), {
      body: { inputs: [{ properties: { link_key: 'k-1' } }] },
    });

    expect(response.status).toBe(400);
    expect(response.body.message).toBe('Unable to infer object type from: 2-999999');
  });

  it('batch create requires crm.objects.custom.write', async () => {
    const response = await harness.call('POST', objectsPath('/batch/create'), {
      token: SCHEMA_READ_TOKEN,
      body: { inputs: [{ properties: { link_key: 'k-1' } }] },
    });

    expect(response.status).toBe(403);
    expect(response.body.category).toBe('MISSING_SCOPES');
  });

  it('records of another portal’s type are unknown', async () => {
    const response = await harness.call('POST', objectsPath('/batch/create'), {
      token: PROFESSIONAL_TOKEN,
      body: { inputs: [{ properties: { link_key: 'k-1' } }] },
    });

    expect(response.status).toBe(400);
    expect(response.body.message).toContain('Unable to infer object type');
  });
});

describe('custom object batch upsert', () => {
  it('batch upsert creates then updates by a unique property', async () => {
    const api = harness.client().crm.objects.batchApi;
    const input = { id: 'k-1', idProperty: 'link_key', properties: { url: 'https://oniva.example/1' } };

    const first = await api.upsert(schema.objectTypeId, { inputs: [input] });
    const second = await api.upsert(schema.objectTypeId, {
      inputs: [{ ...input, properties: { url: 'https://oniva.example/2' } }],
    });

    expect(first.results[0]?._new).toBe(true);
    expect(first.results[0]?.properties['link_key']).toBe('k-1');
    expect(second.results[0]?._new).toBe(false);
    expect(second.results[0]?.id).toBe(first.results[0]?.id);
    expect(second.results[0]?.properties['url']).toBe('https://oniva.example/2');
    expect(await recordCount()).toBe(1);
  });

  it('batch upsert sends new in the JSON body', async () => {
    const response = await harness.call('POST', objectsPath('/batch/upsert'), {
      body: { inputs: [{ id: 'k-1', idProperty: 'link_key', properties: {} }] },
    });

    expect(response.status).toBe(200);
    expect(response.body.results[0].new).toBe(true);
  });

  it('batch upsert changes nothing when repeated', async () => {
    const body = {
      inputs: [{ id: 'k-1', idProperty: 'link_key', properties: { url: 'https://oniva.example/1' } }],
    };
    await harness.call('POST', objectsPath('/batch/upsert'), { body });

    const repeated = await harness.call('POST', objectsPath('/batch/upsert'), { body });

    expect(repeated.body.results[0].new).toBe(false);
    expect(repeated.body.results[0].properties.url).toBe('https://oniva.example/1');
    expect(await recordCount()).toBe(1);
  });

  it('batch upsert rejects an idProperty without unique values', async () => {
    const response = await harness.call('POST', objectsPath('/batch/upsert'), {
      body: { inputs: [{ id: 'https://oniva.example/1', idProperty: 'url', properties: {} }] },
    });

    expect(response.status).toBe(400);
    expect(response.body.message).toBe(
      `Unable to perform update/upsert by non-unique ${schema.objectTypeId} property`,
    );
  });

  it('batch upsert rejects the same id twice', async () => {
    const response = await harness.call('POST', objectsPath('/batch/upsert'), {
      body: {
        inputs: [
          { id: 'k-1', idProperty: 'link_key', properties: {} },
          { id: 'k-1', idProperty: 'link_key', properties: { url: 'https://oniva.example' } },
        ],
      },
    });

    expect(response.status).toBe(400);
    expect(response.body.message).toContain('Duplicate IDs found in batch input');
    expect(response.body.context.ids).toEqual(['k-1']);
  });

  it('batch upsert rejects associations', async () => {
    const response = await harness.call('POST', objectsPath('/batch/upsert'), {
      body: {
        inputs: [
          {
            id: 'k-1',
            idProperty: 'link_key',
            properties: {},
            associations: [linkToContact(harness.contactIds[0] as string)],
          },
        ],
      },
    });

    expect(response.status).toBe(400);
    expect(response.body.message).toContain('associations');
  });

  it('batch upsert rejects an invalid value for the whole batch', async () => {
    const response = await harness.call('POST', objectsPath('/batch/upsert'), {
      body: {
        inputs: [
          { id: 'k-1', idProperty: 'link_key', properties: {} },
          { id: 'k-2', idProperty: 'link_key', properties: { status: 'paused' } },
        ],
      },
    });

    expect(response.status).toBe(400);
    expect(await recordCount()).toBe(0);
  });

  it('batch upsert reports inputs one by one with trace ids', async () => {
    const response = await harness.call('POST', objectsPath('/batch/upsert'), {
      body: {
        inputs: [
          { id: 'k-1', idProperty: 'link_key', properties: {}, objectWriteTraceId: 't-1' },
          { id: 'k-2', idProperty: 'link_key', properties: { status: 'paused' }, objectWriteTraceId: 't-2' },
        ],
      },
    });

    expect(response.status).toBe(207);
    expect(response.body.results).toHaveLength(1);
    expect(response.body.errors[0].context.objectWriteTraceId).toEqual(['t-2']);
  });
});

describe('custom object reads', () => {
  it('batch read returns 207 naming missing ids', async () => {
    const created = await harness.call('POST', objectsPath('/batch/create'), {
      body: { inputs: [{ properties: { link_key: 'k-1', url: 'https://oniva.example/1' } }] },
    });
    const id = String(created.body.results[0].id);

    const response = await harness.client().crm.objects.batchApi.read(schema.objectTypeId, {
      inputs: [{ id }, { id: '999999' }],
      properties: ['url'],
      propertiesWithHistory: [],
    });

    expect(response.results).toHaveLength(1);
    expect(response.results[0]?.properties['url']).toBe('https://oniva.example/1');
    expect('errors' in response ? response.errors?.[0]?.context['ids'] : undefined).toEqual(['999999']);
  });

  it('batch read finds records by a unique property', async () => {
    await harness.call('POST', objectsPath('/batch/create'), {
      body: { inputs: [{ properties: { link_key: 'k-1' } }] },
    });

    const response = await harness.call('POST', objectsPath('/batch/read'), {
      body: { inputs: [{ id: 'k-1' }], idProperty: 'link_key', properties: ['link_key'] },
    });

    expect(response.status).toBe(200);
    expect(response.body.results[0].properties.link_key).toBe('k-1');
  });

  it('single get returns requested and default properties', async () => {
    const created = await harness.call('POST', objectsPath(''), {
      body: { properties: { link_key: 'k-1', url: 'https://oniva.example/1' } },
    });

    const record = await harness
      .client()
      .crm.objects.basicApi.getById(schema.objectTypeId, created.body.id, ['url', 'status']);

    expect(created.status).toBe(201);
    expect(record.properties).toEqual({
      hs_object_id: created.body.id,
      hs_createdate: '2026-06-01T12:00:00.000Z',
      hs_lastmodifieddate: '2026-06-01T12:00:00.000Z',
      url: 'https://oniva.example/1',
      status: null,
    });
  });

  it('single get lists associations when asked', async () => {
    const [ada] = harness.contactIds as [string];
    const created = await harness.call('POST', objectsPath('/batch/create'), {
      body: { inputs: [{ properties: { link_key: 'k-1' }, associations: [linkToContact(ada)] }] },
    });

    const response = await harness.call(
      'GET',
      objectsPath(`/${created.body.results[0].id}?associations=contacts`),
    );

    expect(response.body.associations.contacts.results).toEqual([{ id: ada, type: 'event_link_to_contact' }]);
  });

  it('single get returns 404 for a missing record', async () => {
    const error = await sdkRejection(
      harness.client().crm.objects.basicApi.getById(schema.objectTypeId, '999999'),
    );

    expect(error.code).toBe(404);
  });
});
