import { describe, expect, it } from 'vitest';
import { PORTAL_ID, batchErrors, call, sdkClient, sdkError, startSandbox } from './helpers.js';

const CREATE_PATH = '/crm/v3/objects/contacts/batch/create';
const createBody = (email: string) => ({ inputs: [{ properties: { email } }] });

describe('status faults', () => {
  it('fault sends a HubSpot-style JSON 500', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.addFault({ effect: { type: 'status', status: 500 } });

    const response = await call(sandbox, '/account-info/v3/details');

    expect(response.status).toBe(500);
    expect(response.json()).toMatchObject({ status: 'error', category: 'INTERNAL_ERROR' });
  });

  it('html 502 reaches the SDK as a string', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.addFault({
      match: { path: '/crm/v3/lists/:listId' },
      effect: { type: 'status', status: 502, html: true },
    });

    const error = await sdkError(sdkClient(sandbox).crm.lists.listsApi.getById('1'));

    expect(error.code).toBe(502);
    expect(typeof error.body).toBe('string');
    expect(String(error.body)).toContain('<html>');
  });

  it('fault sends 423 and 477 with Retry-After when asked', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.addFault({
      match: { method: 'GET' },
      effect: { type: 'status', status: 423, retryAfterSeconds: 2 },
      times: 1,
    });
    sandbox.admin.addFault({ match: { method: 'GET' }, effect: { type: 'status', status: 477 }, times: 1 });

    const locked = await call(sandbox, '/account-info/v3/details');
    const migrating = await call(sandbox, '/account-info/v3/details');
    const healthy = await call(sandbox, '/account-info/v3/details');

    expect(locked.status).toBe(423);
    expect(locked.headers.get('retry-after')).toBe('2');
    expect(migrating.status).toBe(477);
    expect(healthy.status).toBe(200);
  });

  it('one-shot fault affects only the next N calls', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.addFault({ id: 'two-503s', effect: { type: 'status', status: 503 }, times: 2 });

    const statuses = [];
    for (let index = 0; index < 4; index += 1)
      statuses.push((await call(sandbox, '/account-info/v3/details')).status);

    expect(statuses).toEqual([503, 503, 200, 200]);
    expect(sandbox.admin.faults()).toEqual([]);
  });

  it('fault matches by method, path pattern and portal', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.addPortal({
      portalId: 777,
      tokens: [{ token: 'pat-na1-other', scopes: ['crm.lists.read'] }],
    });
    sandbox.admin.addFault({
      match: { method: 'POST', path: '/crm/v3/lists/**', portalId: 777 },
      effect: { type: 'status', status: 500 },
    });

    const otherPortalSearch = await call(sandbox, '/crm/v3/lists/search', {
      method: 'POST',
      body: {},
      token: 'pat-na1-other',
    });
    const ownPortalSearch = await call(sandbox, '/crm/v3/lists/search', { method: 'POST', body: {} });
    const otherPortalGet = await call(sandbox, '/crm/v3/lists/1', { token: 'pat-na1-other' });

    expect(otherPortalSearch.status).toBe(500);
    expect(ownPortalSearch.status).toBe(200);
    expect(otherPortalGet.status).toBe(404);
  });

  it('fault rate picks the same calls again with the same seed', async () => {
    const runPattern = async (): Promise<number[]> => {
      const sandbox = await startSandbox({ seed: 42 });
      sandbox.admin.addFault({ effect: { type: 'status', status: 500 }, rate: 0.5 });
      const statuses: number[] = [];
      for (let index = 0; index < 20; index += 1)
        statuses.push((await call(sandbox, '/account-info/v3/details')).status);
      await sandbox.close();
      return statuses;
    };

    const first = await runPattern();
    const second = await runPattern();

    expect(first).toEqual(second);
    expect(first).toContain(500);
    expect(first).toContain(200);
  });
});

describe('faults and rate limits', () => {
  it('faulted call counts toward the rate limits', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.setLimits(PORTAL_ID, { burstMax: 1 });
    sandbox.admin.addFault({ effect: { type: 'status', status: 500 }, times: 1 });

    const faulted = await call(sandbox, '/account-info/v3/details');
    const limited = await call(sandbox, '/account-info/v3/details');

    expect(faulted.status).toBe(500);
    expect(faulted.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
    expect(limited.status).toBe(429);
  });

  it('call rejected with 429 uses up no one-shot fault', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.setLimits(PORTAL_ID, { burstMax: 1 });
    await call(sandbox, '/account-info/v3/details');
    sandbox.admin.addFault({ id: 'once', effect: { type: 'status', status: 503 }, times: 1 });

    const limited = await call(sandbox, '/account-info/v3/details');

    expect(limited.status).toBe(429);
    expect(sandbox.admin.faults()).toMatchObject([{ id: 'once', times: 1 }]);
  });
});

describe('latency and timeouts', () => {
  it('latency fault delays the response by the fixed amount', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.addFault({ effect: { type: 'latency', ms: 150 } });

    const started = performance.now();
    const response = await call(sandbox, '/account-info/v3/details');

    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('latency fault draws delays within the range', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.addFault({ effect: { type: 'latency', minMs: 40, maxMs: 80 } });

    for (let index = 0; index < 3; index += 1) {
      const started = performance.now();
      await call(sandbox, '/account-info/v3/details');
      const elapsed = performance.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(35);
      expect(elapsed).toBeLessThan(500);
    }
  });

  it('timeout fault holds the response after applying the write', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.addFault({ match: { path: CREATE_PATH }, effect: { type: 'timeout', ms: 200 } });

    const started = performance.now();
    const response = await call(sandbox, CREATE_PATH, {
      method: 'POST',
      body: createBody('held@example.com'),
    });

    expect(response.status).toBe(201);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(sandbox.admin.contactByEmail(PORTAL_ID, 'held@example.com')).toBeDefined();
  });

  it('timeout fault without a duration never answers and close still returns', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.addFault({ match: { path: CREATE_PATH }, effect: { type: 'timeout', ms: null } });

    const request = fetch(`${sandbox.url}${CREATE_PATH}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer pat-na1-11111111-2222-3333-4444-555555555555`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(createBody('never@example.com')),
      signal: AbortSignal.timeout(300),
    });

    await expect(request).rejects.toThrow();
    expect(sandbox.admin.contactByEmail(PORTAL_ID, 'never@example.com')).toBeDefined();
    const closeStarted = performance.now();
    await sandbox.close();
    expect(performance.now() - closeStarted).toBeLessThan(2000);
  });
});

describe('dropped connections', () => {
  it('drop before the handler rejects the call and writes nothing', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.addFault({
      match: { path: CREATE_PATH },
      effect: { type: 'drop', when: 'before' },
      times: 1,
    });

    await expect(
      call(sandbox, CREATE_PATH, { method: 'POST', body: createBody('before@example.com') }),
    ).rejects.toThrow();

    expect(sandbox.admin.contactByEmail(PORTAL_ID, 'before@example.com')).toBeUndefined();
    expect(sandbox.admin.requests({ path: CREATE_PATH })[0]?.status).toBe(0);
  });

  it('drop after write makes the retry 409', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.addFault({
      match: { path: CREATE_PATH },
      effect: { type: 'drop', when: 'after' },
      times: 1,
    });

    await expect(
      call(sandbox, CREATE_PATH, { method: 'POST', body: createBody('after@example.com') }),
    ).rejects.toThrow();
    const retry = await call(sandbox, CREATE_PATH, { method: 'POST', body: createBody('after@example.com') });

    const created = sandbox.admin.contactByEmail(PORTAL_ID, 'after@example.com');
    expect(created).toBeDefined();
    expect(retry.status).toBe(409);
    expect(retry.json()).toMatchObject({ message: `Contact already exists. Existing ID: ${created?.id}` });
    expect(sandbox.admin.requests({ path: CREATE_PATH }).map((entry) => entry.status)).toEqual([0, 409]);
  });
});

describe('forced partial failures', () => {
  it('partial-failure fault turns named inputs of a batch create into 207 errors', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.addFault({ effect: { type: 'partialFailure', inputs: ['bad@example.com'] } });

    const result = await sdkClient(sandbox).crm.contacts.batchApi.createWithHttpInfo({
      inputs: [
        { properties: { email: 'good@example.com' }, associations: [] },
        { properties: { email: 'BAD@example.com' }, associations: [] },
      ],
    });

    expect(result.httpStatusCode).toBe(207);
    expect(result.data.results.map((contact) => contact.properties['email'])).toEqual(['good@example.com']);
    expect(batchErrors(result.data).numErrors).toBe(1);
    expect(sandbox.admin.contactByEmail(PORTAL_ID, 'bad@example.com')).toBeUndefined();
  });

  it('partial-failure fault names record ids in a batch read', async () => {
    const sandbox = await startSandbox();
    const { ids } = sandbox.admin.addContacts(PORTAL_ID, {
      contacts: [{ email: 'a@example.com' }, { email: 'b@example.com' }],
    });
    sandbox.admin.addFault({
      match: { path: '/crm/v3/objects/contacts/batch/read' },
      effect: { type: 'partialFailure', inputs: [ids[1] as string] },
    });

    const result = await sdkClient(sandbox).crm.contacts.batchApi.readWithHttpInfo({
      inputs: ids.map((id) => ({ id })),
      properties: ['email'],
      propertiesWithHistory: [],
    });

    expect(result.httpStatusCode).toBe(207);
    expect(result.data.results.map((contact) => contact.id)).toEqual([ids[0]]);
  });
});

describe('fault input validation', () => {
  it('invalid fault effect gets 400', async () => {
    const sandbox = await startSandbox();

    const response = await call(sandbox, '/_sandbox/faults', {
      method: 'POST',
      body: { effect: { type: 'latency' } },
      token: null,
    });

    expect(response.status).toBe(400);
    expect(JSON.stringify(response.json())).toContain('effect');
  });
});
