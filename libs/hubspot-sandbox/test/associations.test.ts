import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/associations/v4/index.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  PROFESSIONAL_TOKEN,
  createLinkSchema,
  sdkRejection,
  startObjectsSandbox,
  type CreatedSchema,
  type ObjectsSandbox,
} from './custom-objects-helpers.js';

const USER_DEFINED = AssociationSpecAssociationCategoryEnum.UserDefined;

let harness: ObjectsSandbox;
let schema: CreatedSchema;
let recordIds: string[];

/** Creates `count` link records without associations and returns their ids. */
async function createRecords(count: number, prefix = 'k'): Promise<string[]> {
  const inputs = Array.from({ length: count }, (_, index) => ({
    properties: { link_key: `${prefix}-${index}` },
  }));
  const response = await harness.call('POST', `/crm/v3/objects/${schema.objectTypeId}/batch/create`, {
    body: { inputs },
  });
  return response.body.results.map((record: { id: string }) => record.id);
}

function typed(typeId: number) {
  return [{ associationCategory: USER_DEFINED, associationTypeId: typeId }];
}

beforeEach(async () => {
  harness = await startObjectsSandbox();
  schema = await createLinkSchema(harness);
  recordIds = await createRecords(2);
});

afterEach(async () => {
  await harness.close();
});

describe('association labels', () => {
  it('labels list the unlabeled USER_DEFINED type of a schema', async () => {
    const labels = await harness
      .client()
      .crm.associations.v4.schema.definitionsApi.getAll(schema.objectTypeId, '0-1');

    expect(labels.results).toEqual([
      expect.objectContaining({ category: 'USER_DEFINED', typeId: schema.toContactTypeId, label: null }),
    ]);
  });

  it('labels accept contacts and fully qualified names', async () => {
    const response = await harness.call(
      'GET',
      `/crm/v4/associations/contacts/${schema.fullyQualifiedName}/labels`,
    );

    expect(response.status).toBe(200);
    expect(response.body.results[0].typeId).toBe(schema.fromContactTypeId);
  });

  it('labels list HubSpot-defined contact to company types', async () => {
    const response = await harness.call('GET', '/crm/v4/associations/0-1/0-2/labels');

    expect(response.body.results).toEqual([
      { category: 'HUBSPOT_DEFINED', typeId: 1, label: 'Primary' },
      { category: 'HUBSPOT_DEFINED', typeId: 279, label: null },
    ]);
  });

  it('labels reject an unknown object type', async () => {
    const response = await harness.call('GET', '/crm/v4/associations/0-1/spaceships/labels');

    expect(response.status).toBe(400);
    expect(response.body.message).toBe('Unable to infer object type from: spaceships');
  });

  it('labels hide custom types on a Professional portal', async () => {
    const response = await harness.call('GET', `/crm/v4/associations/${schema.objectTypeId}/0-1/labels`, {
      token: PROFESSIONAL_TOKEN,
    });

    expect(response.status).toBe(400);
  });
});

describe('typed associations', () => {
  it('typed PUT returns 201 with the object pair', async () => {
    const [ada] = harness.contactIds as [string];

    const response = await harness
      .client()
      .crm.associations.v4.basicApi.create(
        schema.objectTypeId,
        recordIds[0] as string,
        '0-1',
        ada,
        typed(schema.toContactTypeId),
      );

    expect(response).toEqual(
      expect.objectContaining({
        fromObjectTypeId: schema.objectTypeId,
        fromObjectId: recordIds[0],
        toObjectTypeId: '0-1',
        toObjectId: ada,
        labels: [],
      }),
    );
  });

  it('typed PUT repeated creates no duplicate', async () => {
    const [ada] = harness.contactIds as [string];
    const api = harness.client().crm.associations.v4.basicApi;

    await api.create(schema.objectTypeId, recordIds[0] as string, '0-1', ada, typed(schema.toContactTypeId));
    await api.create(schema.objectTypeId, recordIds[0] as string, '0-1', ada, typed(schema.toContactTypeId));
    const page = await api.getPage('0-1', ada, schema.objectTypeId);

    expect(page.results).toHaveLength(1);
    expect(page.results[0]?.associationTypes).toHaveLength(1);
  });

  it('typed PUT rejects a type of the other direction', async () => {
    const [ada] = harness.contactIds as [string];

    const error = await sdkRejection(
      harness
        .client()
        .crm.associations.v4.basicApi.create(
          schema.objectTypeId,
          recordIds[0] as string,
          '0-1',
          ada,
          typed(schema.fromContactTypeId),
        ),
    );

    expect(error.code).toBe(400);
  });

  it('typed PUT returns 404 for a missing contact', async () => {
    const response = await harness.call(
      'PUT',
      `/crm/v4/objects/${schema.objectTypeId}/${recordIds[0]}/associations/0-1/999999`,
      { body: typed(schema.toContactTypeId) },
    );

    expect(response.status).toBe(404);
  });

  it('typed batch create returns 201 when every pair exists', async () => {
    const [ada, grace] = harness.contactIds as [string, string];

    const response = await harness.call(
      'POST',
      `/crm/v4/associations/${schema.objectTypeId}/0-1/batch/create`,
      {
        body: {
          inputs: [
            { from: { id: recordIds[0] }, to: { id: ada }, types: typed(schema.toContactTypeId) },
            { from: { id: recordIds[1] }, to: { id: grace }, types: typed(schema.toContactTypeId) },
          ],
        },
      },
    );

    expect(response.status).toBe(201);
    expect(response.body.results).toHaveLength(2);
    expect(response.body.results[0].toObjectId).toBe(ada);
  });

  it('typed batch create returns 207 naming a missing record', async () => {
    const [ada] = harness.contactIds as [string];

    const response = await harness.client().crm.associations.v4.batchApi.create(schema.objectTypeId, '0-1', {
      inputs: [
        { _from: { id: recordIds[0] as string }, to: { id: ada }, types: typed(schema.toContactTypeId) },
        { _from: { id: '999999' }, to: { id: ada }, types: typed(schema.toContactTypeId) },
      ],
    });

    expect(response.results).toHaveLength(1);
    expect('errors' in response ? response.errors?.[0]?.context['ids'] : undefined).toEqual(['999999']);
  });
});

describe('default associations', () => {
  it('default PUT returns 200 with the association spec', async () => {
    const [ada] = harness.contactIds as [string];

    const response = await harness
      .client()
      .crm.associations.v4.basicApi.createDefault('0-1', ada, schema.objectTypeId, recordIds[0] as string);

    expect(response.results[0]?.associationSpec).toEqual(
      expect.objectContaining({
        associationCategory: 'USER_DEFINED',
        associationTypeId: schema.fromContactTypeId,
      }),
    );
  });

  it('default batch returns 200 and is idempotent', async () => {
    const [ada, grace] = harness.contactIds as [string, string];
    const body = {
      inputs: [
        { _from: { id: ada }, to: { id: recordIds[0] as string } },
        { _from: { id: grace }, to: { id: recordIds[1] as string } },
      ],
    };
    const api = harness.client().crm.associations.v4.batchApi;

    await api.createDefault('0-1', schema.objectTypeId, body);
    const repeated = await api.createDefault('0-1', schema.objectTypeId, body);
    const page = await harness
      .client()
      .crm.associations.v4.basicApi.getPage(schema.objectTypeId, recordIds[0] as string, '0-1');

    expect(repeated.results).toHaveLength(2);
    expect(page.results).toEqual([expect.objectContaining({ toObjectId: ada })]);
  });

  it('default endpoints reject custom types when configured', async () => {
    await harness.close();
    harness = await startObjectsSandbox({ defaultAssociationsForCustomObjects: false });
    schema = await createLinkSchema(harness);
    recordIds = await createRecords(1);
    const [ada] = harness.contactIds as [string];

    const response = await harness.call(
      'PUT',
      `/crm/v4/objects/0-1/${ada}/associations/default/${schema.objectTypeId}/${recordIds[0]}`,
    );

    expect(response.status).toBe(400);
  });
});

describe('association reads', () => {
  it('get page returns at most 500 and pages on', async () => {
    const [ada] = harness.contactIds as [string];
    const many = await Promise.all(
      Array.from({ length: 6 }, (_, chunk) => createRecords(100, `bulk-${chunk}`)),
    ).then((chunks) => chunks.flat());
    const inputs = many.map((id) => ({ from: { id: ada }, to: { id } }));
    for (let start = 0; start < inputs.length; start += 100) {
      await harness.call('POST', `/crm/v4/associations/0-1/${schema.objectTypeId}/batch/associate/default`, {
        body: { inputs: inputs.slice(start, start + 100) },
      });
    }
    const api = harness.client().crm.associations.v4.basicApi;

    const first = await api.getPage('0-1', ada, schema.objectTypeId);
    const second = await api.getPage('0-1', ada, schema.objectTypeId, first.paging?.next?.after);

    expect(first.results).toHaveLength(500);
    expect(second.results).toHaveLength(100);
    expect(second.paging).toBeUndefined();
  });

  it('get page rejects a limit above 500', async () => {
    const [ada] = harness.contactIds as [string];

    const response = await harness.call(
      'GET',
      `/crm/v4/objects/0-1/${ada}/associations/${schema.objectTypeId}?limit=501`,
    );

    expect(response.status).toBe(400);
  });

  it('delete removes the association in both directions', async () => {
    const [ada] = harness.contactIds as [string];
    await harness
      .client()
      .crm.associations.v4.basicApi.createDefault('0-1', ada, schema.objectTypeId, recordIds[0] as string);

    const deleted = await harness.call(
      'DELETE',
      `/crm/v4/objects/${schema.objectTypeId}/${recordIds[0]}/associations/0-1/${ada}`,
    );
    const page = await harness.call('GET', `/crm/v4/objects/0-1/${ada}/associations/${schema.objectTypeId}`);

    expect(deleted.status).toBe(204);
    expect(page.body.results).toEqual([]);
  });

  it('batch read lists the associations of each record', async () => {
    const [ada] = harness.contactIds as [string];
    await harness
      .client()
      .crm.associations.v4.basicApi.createDefault('0-1', ada, schema.objectTypeId, recordIds[0] as string);

    const response = await harness.call(
      'POST',
      `/crm/v4/associations/${schema.objectTypeId}/0-1/batch/read`,
      {
        body: { inputs: [{ id: recordIds[0] }, { id: recordIds[1] }] },
      },
    );

    expect(response.status).toBe(200);
    expect(response.body.results[0].to).toEqual([
      {
        toObjectId: ada,
        associationTypes: [{ category: 'USER_DEFINED', typeId: schema.toContactTypeId, label: null }],
      },
    ]);
    expect(response.body.results[1].to).toEqual([]);
  });
});
