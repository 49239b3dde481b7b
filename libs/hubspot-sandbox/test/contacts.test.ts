import { describe, expect, it } from 'vitest';
import { PORTAL_ID, batchErrors, call, sdkClient, sdkError, startSandbox } from './helpers.js';

const BATCH = '/crm/v3/objects/contacts/batch';

describe('contact properties', () => {
  it('properties endpoint returns realistic default definitions', async () => {
    const sandbox = await startSandbox();

    const { results } = await sdkClient(sandbox).crm.properties.coreApi.getAll('contacts');

    const byName = new Map(results.map((property) => [property.name, property]));
    for (const name of [
      'email',
      'firstname',
      'lastname',
      'company',
      'phone',
      'jobtitle',
      'city',
      'country',
      'createdate',
      'lastmodifieddate',
    ]) {
      expect(byName.has(name)).toBe(true);
    }
    expect(byName.get('lifecyclestage')?.options.map((option) => option.value)).toContain('customer');
    expect(byName.get('hs_object_id')?.modificationMetadata?.readOnlyValue).toBe(true);
    expect(byName.get('email')).toMatchObject({
      type: 'string',
      fieldType: 'text',
      groupName: 'contactinformation',
      hubspotDefined: true,
    });
  });

  it('properties endpoint lists provisioned custom properties', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.addPortal({
      portalId: 555,
      tokens: [{ token: 'pat-na1-custom', scopes: ['crm.schemas.contacts.read'] }],
      contactProperties: [{ name: 'oniva_id', label: 'Oniva id' }],
    });

    const { results } = await sdkClient(sandbox, 'pat-na1-custom').crm.properties.coreApi.getAll('contacts');

    expect(results.find((property) => property.name === 'oniva_id')).toMatchObject({
      hubspotDefined: false,
      type: 'string',
    });
  });
});

describe('contact batch read', () => {
  it('batch read returns only requested properties plus the system ones', async () => {
    const sandbox = await startSandbox();
    const { ids } = sandbox.admin.addContacts(PORTAL_ID, {
      contacts: [{ email: 'ada@example.com', firstname: 'Ada', city: 'London' }],
    });

    const result = await sdkClient(sandbox).crm.contacts.batchApi.read({
      inputs: [{ id: ids[0] as string }],
      properties: ['firstname', 'company', 'no_such_property'],
      propertiesWithHistory: [],
    });

    expect(Object.keys(result.results[0]?.properties ?? {}).sort()).toEqual([
      'company',
      'createdate',
      'firstname',
      'hs_object_id',
      'lastmodifieddate',
    ]);
    expect(result.results[0]?.properties).toMatchObject({
      firstname: 'Ada',
      company: null,
      hs_object_id: ids[0],
    });
    expect(result.results[0]?.createdAt).toBeInstanceOf(Date);
  });

  it('batch read by email matches case-insensitively', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.addContacts(PORTAL_ID, { contacts: [{ email: 'ada@example.com' }] });

    const result = await sdkClient(sandbox).crm.contacts.batchApi.read({
      inputs: [{ id: 'ADA@Example.com' }],
      properties: ['firstname'],
      propertiesWithHistory: [],
      idProperty: 'email',
    });

    expect(result.results[0]?.properties['email']).toBe('ada@example.com');
  });

  it('batch read answers 207 with missing ids in context.ids', async () => {
    const sandbox = await startSandbox();
    const { ids } = sandbox.admin.addContacts(PORTAL_ID, { contacts: [{ email: 'ada@example.com' }] });

    const result = await sdkClient(sandbox).crm.contacts.batchApi.readWithHttpInfo({
      inputs: [{ id: ids[0] as string }, { id: '424242' }, { id: '434343' }],
      properties: [],
      propertiesWithHistory: [],
    });

    expect(result.httpStatusCode).toBe(207);
    expect(batchErrors(result.data).numErrors).toBe(1);
    expect(batchErrors(result.data).errors?.[0]).toMatchObject({
      status: 'error',
      category: 'OBJECT_NOT_FOUND',
      context: { ids: ['424242', '434343'] },
    });
  });

  it('batch read of generated contacts returns their deterministic names', async () => {
    const sandbox = await startSandbox();
    const added = sandbox.admin.addContacts(PORTAL_ID, { generate: 3, domain: 'Event.test' });

    const result = await sdkClient(sandbox).crm.contacts.batchApi.read({
      inputs: [{ id: added.generated?.firstId as string }],
      properties: ['email', 'firstname', 'lastname'],
      propertiesWithHistory: [],
    });

    expect(result.results[0]?.properties).toMatchObject({
      email: 'ada.lovelace.1.1@event.test',
      firstname: 'Ada',
      lastname: 'Lovelace',
    });
  });

  it('batch read with more than 100 inputs gets 400', async () => {
    const sandbox = await startSandbox();
    const inputs = Array.from({ length: 101 }, (_, index) => ({ id: String(index + 1) }));

    const error = await sdkError(
      sdkClient(sandbox).crm.contacts.batchApi.read({ inputs, properties: [], propertiesWithHistory: [] }),
    );

    expect(error.code).toBe(400);
  });
});

describe('contact batch create', () => {
  it('batch create answers 201 and stores emails lower-cased', async () => {
    const sandbox = await startSandbox();

    const result = await sdkClient(sandbox).crm.contacts.batchApi.createWithHttpInfo({
      inputs: [{ properties: { email: 'Grace.Hopper@Example.COM', firstname: 'Grace' }, associations: [] }],
    });

    expect(result.httpStatusCode).toBe(201);
    expect(result.data.results[0]?.properties['email']).toBe('grace.hopper@example.com');
    expect(typeof result.data.results[0]?.id).toBe('string');
  });

  it('batch create of an existing email fails the whole batch with 409', async () => {
    const sandbox = await startSandbox();
    const { ids } = sandbox.admin.addContacts(PORTAL_ID, { contacts: [{ email: 'ada@example.com' }] });

    const error = await sdkError(
      sdkClient(sandbox).crm.contacts.batchApi.create({
        inputs: [
          { properties: { email: 'new@example.com' }, associations: [] },
          { properties: { email: 'ADA@example.com' }, associations: [] },
        ],
      }),
    );

    expect(error.code).toBe(409);
    expect(error.body).toMatchObject({
      status: 'error',
      message: `Contact already exists. Existing ID: ${ids[0]}`,
      category: 'CONFLICT',
    });
    expect(sandbox.admin.contactByEmail(PORTAL_ID, 'new@example.com')).toBeUndefined();
  });

  it('batch create with trace ids answers 207', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.addContacts(PORTAL_ID, { contacts: [{ email: 'ada@example.com' }] });

    const result = await call(sandbox, `${BATCH}/create`, {
      method: 'POST',
      body: {
        inputs: [
          { properties: { email: 'new@example.com' }, objectWriteTraceId: 't-1' },
          { properties: { email: 'ada@example.com' }, objectWriteTraceId: 't-2' },
        ],
      },
    });

    const body = result.json() as {
      results: Array<{ objectWriteTraceId: string }>;
      errors: Array<{ category: string; context: unknown }>;
    };
    expect(result.status).toBe(207);
    expect(body.results.map((contact) => contact.objectWriteTraceId)).toEqual(['t-1']);
    expect(body.errors[0]).toMatchObject({ category: 'CONFLICT', context: { objectWriteTraceId: ['t-2'] } });
  });

  it('batch create with repeated trace ids is all-or-nothing', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.addContacts(PORTAL_ID, { contacts: [{ email: 'ada@example.com' }] });

    const result = await call(sandbox, `${BATCH}/create`, {
      method: 'POST',
      body: {
        inputs: [
          { properties: { email: 'new@example.com' }, objectWriteTraceId: 'same' },
          { properties: { email: 'ada@example.com' }, objectWriteTraceId: 'same' },
        ],
      },
    });

    expect(result.status).toBe(409);
  });

  it.each([
    ['PROPERTY_DOESNT_EXIST', { email: 'x@example.com', favourite_colour: 'blue' }, 'favourite_colour'],
    ['INVALID_EMAIL', { email: 'not-an-email' }, 'email'],
    ['INVALID_OPTION', { email: 'x@example.com', lifecyclestage: 'champion' }, 'lifecyclestage'],
    ['READ_ONLY_VALUE', { email: 'x@example.com', hs_object_id: '5' }, 'hs_object_id'],
  ])('batch create answers 400 %s for an invalid property', async (code, properties, propertyName) => {
    const sandbox = await startSandbox();

    const error = await sdkError(
      sdkClient(sandbox).crm.contacts.batchApi.create({ inputs: [{ properties, associations: [] }] }),
    );

    const body = error.body as {
      message: string;
      category: string;
      errors: Array<{ code: string; context: unknown }>;
    };
    expect(error.code).toBe(400);
    expect(body.category).toBe('VALIDATION_ERROR');
    expect(body.message.startsWith('Property values were not valid: ')).toBe(true);
    const embedded = JSON.parse(body.message.slice('Property values were not valid: '.length)) as Array<
      Record<string, unknown>
    >;
    expect(embedded[0]).toMatchObject({
      isValid: false,
      error: code,
      name: propertyName,
      portalId: PORTAL_ID,
    });
    expect(body.errors[0]).toMatchObject({ code, context: { propertyName: [propertyName] } });
  });

  it('batch create with more than 100 inputs gets 400', async () => {
    const sandbox = await startSandbox();
    const inputs = Array.from({ length: 101 }, (_, index) => ({
      properties: { email: `c${index}@example.com` },
      associations: [],
    }));

    const error = await sdkError(sdkClient(sandbox).crm.contacts.batchApi.create({ inputs }));

    expect(error.code).toBe(400);
    expect(sandbox.admin.portal(PORTAL_ID).contactCount).toBe(0);
  });
});

describe('contact batch update', () => {
  it('batch update by id merges properties and clears empty strings', async () => {
    const sandbox = await startSandbox();
    const { ids } = sandbox.admin.addContacts(PORTAL_ID, {
      contacts: [{ email: 'ada@example.com', firstname: 'Ada', city: 'London' }],
    });

    const result = await sdkClient(sandbox).crm.contacts.batchApi.update({
      inputs: [{ id: ids[0] as string, properties: { lastname: 'Lovelace', city: '' } }],
    });

    expect(result.results[0]?.properties).toMatchObject({ firstname: 'Ada', lastname: 'Lovelace' });
    expect(sandbox.admin.contact(PORTAL_ID, ids[0] as string).properties['city']).toBeUndefined();
  });

  it('batch update with the same id twice gets 400 Duplicate IDs', async () => {
    const sandbox = await startSandbox();
    const { ids } = sandbox.admin.addContacts(PORTAL_ID, { contacts: [{ email: 'ada@example.com' }] });
    const id = ids[0] as string;

    const error = await sdkError(
      sdkClient(sandbox).crm.contacts.batchApi.update({
        inputs: [
          { id, properties: { firstname: 'A' } },
          { id, properties: { firstname: 'B' } },
        ],
      }),
    );

    expect(error.code).toBe(400);
    expect(error.body).toMatchObject({
      message: `Duplicate IDs found in batch input: [${id}]. IDs must be unique`,
      context: { ids: [id] },
      category: 'VALIDATION_ERROR',
    });
  });

  it('batch update moving an email onto another contact gets 409', async () => {
    const sandbox = await startSandbox();
    const { ids } = sandbox.admin.addContacts(PORTAL_ID, {
      contacts: [{ email: 'a@example.com' }, { email: 'b@example.com' }],
    });

    const error = await sdkError(
      sdkClient(sandbox).crm.contacts.batchApi.update({
        inputs: [{ id: ids[1] as string, properties: { email: 'A@example.com' } }],
      }),
    );

    expect(error.code).toBe(409);
  });

  it('batch update by email gets the non-unique property error', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.addContacts(PORTAL_ID, { contacts: [{ email: 'ada@example.com' }] });

    const error = await sdkError(
      sdkClient(sandbox).crm.contacts.batchApi.update({
        inputs: [{ id: 'ada@example.com', idProperty: 'email', properties: { firstname: 'A' } }],
      }),
    );

    expect(error.code).toBe(400);
    expect(JSON.stringify(error.body)).toContain(
      'Unable to perform update/upsert by non-unique 0-1 property',
    );
  });
});

describe('contact batch upsert', () => {
  it('upsert by email sets the new flag', async () => {
    const sandbox = await startSandbox();
    const { ids } = sandbox.admin.addContacts(PORTAL_ID, {
      contacts: [{ email: 'ada@example.com', firstname: 'Ada' }],
    });

    const result = await sdkClient(sandbox).crm.contacts.batchApi.upsert({
      inputs: [
        { id: 'Ada@Example.com', idProperty: 'email', properties: { lastname: 'Lovelace' } },
        { id: 'grace@example.com', idProperty: 'email', properties: { firstname: 'Grace' } },
      ],
    });

    const existing = result.results.find((contact) => contact.id === ids[0]);
    const created = result.results.find((contact) => contact.id !== ids[0]);
    expect(existing).toMatchObject({
      _new: false,
      properties: { firstname: 'Ada', lastname: 'Lovelace', email: 'ada@example.com' },
    });
    expect(created).toMatchObject({
      _new: true,
      properties: { firstname: 'Grace', email: 'grace@example.com' },
    });
  });

  it('upsert repeated with the same input updates the same record', async () => {
    const sandbox = await startSandbox();
    const upsert = () =>
      sdkClient(sandbox).crm.contacts.batchApi.upsert({
        inputs: [{ id: 'ada@example.com', idProperty: 'email', properties: { firstname: 'Ada' } }],
      });

    const first = await upsert();
    const second = await upsert();

    expect(second.results[0]?.id).toBe(first.results[0]?.id);
    expect(second.results[0]?._new).toBe(false);
    expect(sandbox.admin.portal(PORTAL_ID).contactCount).toBe(1);
  });

  it('upsert with one email twice gets 400 Duplicate IDs', async () => {
    const sandbox = await startSandbox();

    const error = await sdkError(
      sdkClient(sandbox).crm.contacts.batchApi.upsert({
        inputs: [
          { id: 'ada@example.com', idProperty: 'email', properties: {} },
          { id: 'ADA@example.com', idProperty: 'email', properties: {} },
        ],
      }),
    );

    expect(error.code).toBe(400);
    expect(error.body).toMatchObject({
      message: 'Duplicate IDs found in batch input: [ada@example.com]. IDs must be unique',
    });
  });

  it('upsert with an invalid email fails the whole request without trace ids', async () => {
    const sandbox = await startSandbox();

    const error = await sdkError(
      sdkClient(sandbox).crm.contacts.batchApi.upsert({
        inputs: [
          { id: 'ok@example.com', idProperty: 'email', properties: {} },
          { id: 'broken', idProperty: 'email', properties: {} },
        ],
      }),
    );

    expect(error.code).toBe(400);
    expect(JSON.stringify(error.body)).toContain('INVALID_EMAIL');
    expect(sandbox.admin.contactByEmail(PORTAL_ID, 'ok@example.com')).toBeUndefined();
  });

  it('upsert with unique trace ids reports an invalid input as 207', async () => {
    const sandbox = await startSandbox();

    const result = await sdkClient(sandbox).crm.contacts.batchApi.upsertWithHttpInfo({
      inputs: [
        { id: 'ok@example.com', idProperty: 'email', properties: {}, objectWriteTraceId: 'a' },
        { id: 'broken', idProperty: 'email', properties: {}, objectWriteTraceId: 'b' },
      ],
    });

    expect(result.httpStatusCode).toBe(207);
    expect(result.data.results).toHaveLength(1);
  });

  it('upsert rejects an idProperty other than email', async () => {
    const sandbox = await startSandbox();

    const error = await sdkError(
      sdkClient(sandbox).crm.contacts.batchApi.upsert({
        inputs: [{ id: 'Ada', idProperty: 'firstname', properties: {} }],
      }),
    );

    expect(error.code).toBe(400);
  });
});

describe('single contact endpoints', () => {
  it('single create answers 201 and a second create with the email gets 409', async () => {
    const sandbox = await startSandbox();
    const basic = sdkClient(sandbox).crm.contacts.basicApi;

    const created = await basic.create({ properties: { email: 'ada@example.com' }, associations: [] });
    const error = await sdkError(
      basic.create({ properties: { email: 'ada@example.com' }, associations: [] }),
    );

    expect(created.properties['email']).toBe('ada@example.com');
    expect(error.code).toBe(409);
    expect(error.body).toMatchObject({ message: `Contact already exists. Existing ID: ${created.id}` });
    expect(Object.keys(error.body as object)).not.toContain('context');
  });

  it('single get by email returns default properties and 404 for unknown ones', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.addContacts(PORTAL_ID, {
      contacts: [{ email: 'ada@example.com', firstname: 'Ada', city: 'London' }],
    });
    const basic = sdkClient(sandbox).crm.contacts.basicApi;

    const found = await basic.getById('ada@example.com', undefined, undefined, undefined, undefined, 'email');
    const error = await sdkError(
      basic.getById('nobody@example.com', undefined, undefined, undefined, undefined, 'email'),
    );

    expect(Object.keys(found.properties).sort()).toEqual([
      'createdate',
      'email',
      'firstname',
      'hs_object_id',
      'lastmodifieddate',
      'lastname',
    ]);
    expect(error.code).toBe(404);
  });

  it('list all pages with paging.next.after until the last page', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.addContacts(PORTAL_ID, { generate: 5 });
    sandbox.admin.addContacts(PORTAL_ID, { contacts: [{ email: 'last@example.com' }] });
    sandbox.admin.deleteContacts(PORTAL_ID, ['1002']);
    const basic = sdkClient(sandbox).crm.contacts.basicApi;

    const ids: string[] = [];
    let after: string | undefined;
    do {
      const page = await basic.getPage(2, after, ['email']);
      ids.push(...page.results.map((contact) => contact.id));
      after = page.paging?.next?.after;
    } while (after !== undefined);

    expect(ids).toEqual(['1001', '1003', '1004', '1005', '1006']);
  });

  it('list all accepts repeated and comma-separated properties', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.addContacts(PORTAL_ID, {
      contacts: [{ email: 'ada@example.com', city: 'London', company: 'Analytical' }],
    });

    const repeated = await call(sandbox, '/crm/v3/objects/contacts?properties=city&properties=company');
    const commas = await call(sandbox, '/crm/v3/objects/contacts/?properties=city,company');

    for (const response of [repeated, commas]) {
      const [contact] = (response.json() as { results: Array<{ properties: Record<string, string> }> })
        .results;
      expect(contact?.properties).toMatchObject({ city: 'London', company: 'Analytical' });
      expect(contact?.properties['email']).toBeUndefined();
    }
  });
});

describe('contact search', () => {
  async function searchSandbox() {
    const sandbox = await startSandbox();
    sandbox.admin.addContacts(PORTAL_ID, {
      contacts: [
        { email: 'ada@example.com', firstname: 'Ada', company: 'Analytical Engines' },
        { email: 'grace@navy.example', firstname: 'Grace', company: 'US Navy' },
        { email: 'alan@example.com', firstname: 'Alan' },
      ],
    });
    return sandbox;
  }

  it.each([
    ['EQ ignores case', { propertyName: 'email', operator: 'EQ', value: 'ADA@example.com' }, ['Ada']],
    [
      'IN matches any value',
      { propertyName: 'firstname', operator: 'IN', values: ['Ada', 'Alan'] },
      ['Ada', 'Alan'],
    ],
    [
      'CONTAINS_TOKEN matches a word',
      { propertyName: 'company', operator: 'CONTAINS_TOKEN', value: 'navy' },
      ['Grace'],
    ],
    ['HAS_PROPERTY needs a value', { propertyName: 'company', operator: 'HAS_PROPERTY' }, ['Ada', 'Grace']],
    ['NOT_HAS_PROPERTY needs none', { propertyName: 'company', operator: 'NOT_HAS_PROPERTY' }, ['Alan']],
  ])('search %s', async (_case, filter, firstnames) => {
    const sandbox = await searchSandbox();

    const result = await sdkClient(sandbox).crm.contacts.searchApi.doSearch({
      filterGroups: [{ filters: [filter as never] }],
      properties: ['firstname'],
      limit: 10,
    });

    expect(result.results.map((contact) => contact.properties['firstname'])).toEqual(firstnames);
    expect(result.total).toBe(firstnames.length);
  });

  it('search ORs filter groups and pages with after', async () => {
    const sandbox = await searchSandbox();
    const search = sdkClient(sandbox).crm.contacts.searchApi;
    const filterGroups = [
      { filters: [{ propertyName: 'firstname', operator: 'EQ' as never, value: 'Ada' }] },
      { filters: [{ propertyName: 'firstname', operator: 'EQ' as never, value: 'Grace' }] },
    ];

    const first = await search.doSearch({ filterGroups, limit: 1 });
    const second = await search.doSearch({ filterGroups, limit: 1, after: first.paging?.next?.after });

    expect(first.total).toBe(2);
    expect(second.results[0]?.properties['email']).toBe('grace@navy.example');
    expect(second.paging).toBeUndefined();
  });

  it('search rejects limit above 200', async () => {
    const sandbox = await searchSandbox();

    const error = await sdkError(
      sdkClient(sandbox).crm.contacts.searchApi.doSearch({ filterGroups: [], limit: 201 }),
    );

    expect(error.code).toBe(400);
  });

  it('search rejects more than five filter groups', async () => {
    const sandbox = await searchSandbox();
    const group = { filters: [{ propertyName: 'email', operator: 'HAS_PROPERTY' as never }] };

    const error = await sdkError(
      sdkClient(sandbox).crm.contacts.searchApi.doSearch({ filterGroups: Array(6).fill(group), limit: 1 }),
    );

    expect(error.code).toBe(400);
  });

  it('search finds a contact by email among a million generated ones', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.addContacts(PORTAL_ID, { generate: 1_000_000 });

    const result = await sdkClient(sandbox).crm.contacts.searchApi.doSearch({
      filterGroups: [
        {
          filters: [
            { propertyName: 'email', operator: 'EQ' as never, value: 'mary.lovelace.1.40@example.com' },
          ],
        },
      ],
      limit: 1,
    });

    expect(result.results[0]?.id).toBe('1040');
  });
});
