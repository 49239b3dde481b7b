import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { PORTAL_ID, batchErrors, call, sdkClient, sdkError, startSandbox } from './helpers.js';

async function sandboxWithLists(): Promise<Sandbox> {
  const sandbox = await startSandbox();
  sandbox.admin.addList(PORTAL_ID, { name: 'Berlin attendees', processingType: 'MANUAL', generate: 30 });
  sandbox.admin.addList(PORTAL_ID, { name: 'Munich attendees', processingType: 'DYNAMIC', generate: 5 });
  sandbox.admin.addList(PORTAL_ID, { name: 'Newsletter', processingType: 'SNAPSHOT', generate: 2 });
  return sandbox;
}

describe('lists search', () => {
  it('search pages by offset with hasMore and total', async () => {
    const sandbox = await startSandbox();
    for (let index = 0; index < 5; index += 1) sandbox.admin.addList(PORTAL_ID, { name: `List ${index}` });
    const lists = sdkClient(sandbox).crm.lists.listsApi;

    const first = await lists.doSearch({ count: 2 });
    const last = await lists.doSearch({ count: 2, offset: 4 });

    expect(first.lists.map((list) => list.name)).toEqual(['List 0', 'List 1']);
    expect(first).toMatchObject({ offset: 2, hasMore: true, total: 5 });
    expect(last.lists.map((list) => list.name)).toEqual(['List 4']);
    expect(last).toMatchObject({ offset: 5, hasMore: false, total: 5 });
  });

  it('search filters by name substring and processing type', async () => {
    const sandbox = await sandboxWithLists();

    const result = await sdkClient(sandbox).crm.lists.listsApi.doSearch({
      query: 'ATTENDEES',
      processingTypes: ['DYNAMIC'],
    });

    expect(result.lists.map((list) => list.name)).toEqual(['Munich attendees']);
  });

  it('search returns default additional properties as strings plus requested ones', async () => {
    const sandbox = await sandboxWithLists();

    const result = await sdkClient(sandbox).crm.lists.listsApi.doSearch({
      query: 'Berlin',
      additionalProperties: ['hs_list_size_week_delta'],
    });

    expect(result.lists[0]?.additionalProperties).toMatchObject({
      hs_list_size: '30',
      hs_folder_name: '',
      hs_list_reference_count: '0',
      hs_list_size_week_delta: '0',
    });
    expect(result.lists[0]?.additionalProperties['hs_last_record_added_at']).toMatch(/^\d+$/);
    expect(result.lists[0]).toMatchObject({
      objectTypeId: '0-1',
      processingType: 'MANUAL',
      processingStatus: 'COMPLETE',
    });
  });

  it('search rejects count above 500', async () => {
    const sandbox = await startSandbox();

    const error = await sdkError(sdkClient(sandbox).crm.lists.listsApi.doSearch({ count: 501 }));

    expect(error.code).toBe(400);
    expect(error.body).toMatchObject({ category: 'VALIDATION_ERROR' });
  });

  it('search filters by objectTypeId when a raw client sends it', async () => {
    const sandbox = await sandboxWithLists();

    const response = await call(sandbox, '/crm/v3/lists/search', {
      method: 'POST',
      body: { objectTypeId: '0-2' },
    });

    expect(response.json()).toMatchObject({ total: 0, lists: [] });
  });
});

describe('lists read', () => {
  it('get one returns size and dates', async () => {
    const sandbox = await sandboxWithLists();

    const { list } = await sdkClient(sandbox).crm.lists.listsApi.getById('1');

    expect(list).toMatchObject({ listId: '1', name: 'Berlin attendees', size: 30, processingType: 'MANUAL' });
    expect(list.createdAt).toBeInstanceOf(Date);
    expect(list.filterBranch).toBeUndefined();
  });

  it('get one includes filters of a dynamic list only when asked', async () => {
    const sandbox = await sandboxWithLists();

    const { list } = await sdkClient(sandbox).crm.lists.listsApi.getById('2', true);

    expect(list.filterBranch).toBeDefined();
  });

  it('get one answers 404 for an unknown list', async () => {
    const sandbox = await sandboxWithLists();

    const error = await sdkError(sdkClient(sandbox).crm.lists.listsApi.getById('999'));

    expect(error.code).toBe(404);
    expect(error.body).toMatchObject({ category: 'OBJECT_NOT_FOUND' });
  });

  it('get many accepts repeated and comma-separated ids and the trailing slash', async () => {
    const sandbox = await sandboxWithLists();

    const viaSdk = await sdkClient(sandbox).crm.lists.listsApi.getAll(['1', '3', '404']);
    const commaSeparated = await call(sandbox, '/crm/v3/lists?listIds=1,2');

    expect(viaSdk.lists.map((list) => list.listId)).toEqual(['1', '3']);
    expect(
      (commaSeparated.json() as { lists: Array<{ listId: string }> }).lists.map((list) => list.listId),
    ).toEqual(['1', '2']);
  });

  it('get by name finds the list case-insensitively', async () => {
    const sandbox = await sandboxWithLists();

    const { list } = await sdkClient(sandbox).crm.lists.listsApi.getByName('newsletter', '0-1');

    expect(list.listId).toBe('3');
  });

  it('list created through the API gets a string id and 200', async () => {
    const sandbox = await startSandbox();

    const result = await sdkClient(sandbox).crm.lists.listsApi.create({
      name: 'Via API',
      objectTypeId: '0-1',
      processingType: 'MANUAL',
    });

    expect(result.list).toMatchObject({ name: 'Via API', processingType: 'MANUAL' });
    expect(typeof result.list.listId).toBe('string');
  });
});

describe('list memberships', () => {
  it('memberships default to 100 per page in ascending record id order', async () => {
    const sandbox = await startSandbox();
    const list = sandbox.admin.addList(PORTAL_ID, { name: 'Big', generate: 150 });

    const page = await sdkClient(sandbox).crm.lists.membershipsApi.getPage(list.listId);

    expect(page.results).toHaveLength(100);
    expect(page.total).toBe(150);
    const ids = page.results.map((result) => Number(result.recordId));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(page.results[0]?.membershipTimestamp).toBeInstanceOf(Date);
  });

  it('memberships reject a limit above 250', async () => {
    const sandbox = await startSandbox();
    const list = sandbox.admin.addList(PORTAL_ID, { name: 'Big', generate: 10 });

    const error = await sdkError(
      sdkClient(sandbox).crm.lists.membershipsApi.getPage(list.listId, undefined, undefined, 251),
    );

    expect(error.code).toBe(400);
  });

  it('memberships page through every member once with opaque after cursors', async () => {
    const sandbox = await startSandbox();
    const list = sandbox.admin.addList(PORTAL_ID, { name: 'Big', generate: 1_000 });
    const memberships = sdkClient(sandbox).crm.lists.membershipsApi;

    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await memberships.getPage(list.listId, after, undefined, 250);
      seen.push(...page.results.map((result) => result.recordId));
      after = page.paging?.next?.after;
      if (after !== undefined) expect(seen).not.toContain(after);
      pages += 1;
    } while (after !== undefined);

    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(1_000);
    expect(seen[0]).toBe('1001');
  });

  it('memberships with only before return the earlier ids in descending order', async () => {
    const sandbox = await startSandbox();
    const list = sandbox.admin.addList(PORTAL_ID, { name: 'Small', generate: 6 });
    const memberships = sdkClient(sandbox).crm.lists.membershipsApi;
    const second = await memberships
      .getPage(list.listId, undefined, undefined, 3)
      .then((page) => memberships.getPage(list.listId, page.paging?.next?.after, undefined, 3));

    const previous = await memberships.getPage(list.listId, undefined, second.paging?.prev?.before, 3);

    expect(second.results.map((result) => result.recordId)).toEqual(['1004', '1005', '1006']);
    expect(previous.results.map((result) => result.recordId)).toEqual(['1003', '1002', '1001']);
  });

  it('memberships reject a cursor that is a raw record id', async () => {
    const sandbox = await startSandbox();
    const list = sandbox.admin.addList(PORTAL_ID, { name: 'Small', generate: 3 });

    const response = await call(sandbox, `/crm/v3/lists/${list.listId}/memberships?after=1001`);

    expect(response.status).toBe(400);
  });

  it('join-order lists members in the order they were added', async () => {
    const sandbox = await startSandbox();
    const { ids } = sandbox.admin.addContacts(PORTAL_ID, {
      contacts: [{ email: 'a@example.com' }, { email: 'b@example.com' }, { email: 'c@example.com' }],
    });
    const list = sandbox.admin.addList(PORTAL_ID, {
      name: 'Ordered',
      memberIds: [ids[2] as string, ids[0] as string, ids[1] as string],
    });

    const first = await call(sandbox, `/crm/v3/lists/${list.listId}/memberships/join-order?limit=2`);
    const firstBody = first.json() as {
      results: Array<{ recordId: string }>;
      paging: { next: { after: string } };
    };
    const second = await call(
      sandbox,
      `/crm/v3/lists/${list.listId}/memberships/join-order?limit=2&after=${firstBody.paging.next.after}`,
    );

    expect(firstBody.results.map((result) => result.recordId)).toEqual([ids[2], ids[0]]);
    expect(
      (second.json() as { results: Array<{ recordId: string }> }).results.map((result) => result.recordId),
    ).toEqual([ids[1]]);
  });

  it('memberships keep deleted contacts and batch read then returns 207', async () => {
    const sandbox = await startSandbox();
    const list = sandbox.admin.addList(PORTAL_ID, { name: 'Stale', generate: 3 });
    sandbox.admin.deleteContacts(PORTAL_ID, ['1002']);
    const client = sdkClient(sandbox);

    const page = await client.crm.lists.membershipsApi.getPage(list.listId);
    const read = await client.crm.contacts.batchApi.readWithHttpInfo({
      inputs: page.results.map((result) => ({ id: result.recordId })),
      properties: ['email'],
      propertiesWithHistory: [],
    });

    expect(page.results.map((result) => result.recordId)).toEqual(['1001', '1002', '1003']);
    expect(read.httpStatusCode).toBe(207);
    expect(batchErrors(read.data).errors?.[0]?.context).toEqual({ ids: ['1002'] });
  });
});

describe('membership changes', () => {
  it('add and remove work on a MANUAL list and report missing records', async () => {
    const sandbox = await startSandbox();
    const { ids } = sandbox.admin.addContacts(PORTAL_ID, {
      contacts: [{ email: 'a@example.com' }, { email: 'b@example.com' }],
    });
    const list = sandbox.admin.addList(PORTAL_ID, { name: 'Manual', memberIds: [ids[0] as string] });
    const memberships = sdkClient(sandbox).crm.lists.membershipsApi;

    const added = await memberships.add(list.listId, [ids[0] as string, ids[1] as string, '999999']);
    const removed = await memberships.remove(list.listId, [ids[0] as string]);

    expect(added).toEqual({ recordIdsRemoved: [], recordsIdsAdded: [ids[1]], recordIdsMissing: ['999999'] });
    expect(removed).toEqual({ recordIdsRemoved: [ids[0]], recordsIdsAdded: [], recordIdsMissing: [] });
    expect(sandbox.admin.lists(PORTAL_ID)[0]?.size).toBe(1);
  });

  it('add-and-remove works on a SNAPSHOT list', async () => {
    const sandbox = await startSandbox();
    const list = sandbox.admin.addList(PORTAL_ID, {
      name: 'Snapshot',
      processingType: 'SNAPSHOT',
      generate: 2,
    });

    const result = await sdkClient(sandbox).crm.lists.membershipsApi.addAndRemove(list.listId, {
      recordIdsToAdd: [],
      recordIdsToRemove: ['1001'],
    });

    expect(result.recordIdsRemoved).toEqual(['1001']);
  });

  it('membership changes on a DYNAMIC list get 400', async () => {
    const sandbox = await startSandbox();
    const list = sandbox.admin.addList(PORTAL_ID, {
      name: 'Dynamic',
      processingType: 'DYNAMIC',
      generate: 2,
    });

    const error = await sdkError(sdkClient(sandbox).crm.lists.membershipsApi.add(list.listId, ['1001']));

    expect(error.code).toBe(400);
    expect(error.body).toMatchObject({ category: 'VALIDATION_ERROR' });
  });
});

describe('legacy list ids', () => {
  it('v1 list paths answer 404', async () => {
    const sandbox = await sandboxWithLists();

    const response = await call(sandbox, '/contacts/v1/lists/1/contacts/all');

    expect(response.status).toBe(404);
  });

  it('id mapping translates legacy ids that differ from list ids', async () => {
    const sandbox = await sandboxWithLists();
    const mapping = sdkClient(sandbox).crm.lists.mappingApi;
    const [berlin] = sandbox.admin.lists(PORTAL_ID);

    const single = await mapping.translateLegacyListIdToListId(berlin?.legacyListId);
    const batch = await mapping.translateLegacyListIdToListIdBatch([
      berlin?.legacyListId as string,
      '424242',
    ]);

    expect(berlin?.legacyListId).not.toBe(berlin?.listId);
    expect(single).toEqual({ listId: berlin?.listId, legacyListId: berlin?.legacyListId });
    expect(batch).toEqual({
      legacyListIdsToIdsMapping: [{ legacyListId: berlin?.legacyListId, listId: berlin?.listId }],
      missingLegacyListIds: ['424242'],
    });
  });

  it('one list legacy id can equal another list id', async () => {
    const sandbox = await sandboxWithLists();

    const lists = sandbox.admin.lists(PORTAL_ID);

    expect(lists.map((list) => list.listId)).toContain(lists[0]?.legacyListId);
  });
});
