import { describe, expect, it } from 'vitest';
import { INVALID_AUTHENTICATION_MESSAGE, MISSING_SCOPES_MESSAGE, ManualClock } from '../src/index.js';
import { APP_ID, PORTAL_ID, TOKEN, call, sdkClient, sdkError, startSandbox } from './helpers.js';

const DETAILS = '/account-info/v3/details';

function expectInvalidAuthentication(body: unknown): void {
  expect(body).toMatchObject({
    status: 'error',
    message: INVALID_AUTHENTICATION_MESSAGE,
    category: 'INVALID_AUTHENTICATION',
  });
  expect((body as { correlationId: string }).correlationId).toMatch(/^[0-9a-f-]{36}$/);
}

describe('bearer authentication', () => {
  it.each([
    ['missing header', null, undefined],
    ['unknown token', 'pat-na1-00000000-0000-0000-0000-000000000000', undefined],
    ['malformed header', null, 'Token abc'],
    ['basic scheme', null, 'Basic dXNlcjpwYXNz'],
  ])('request gets 401 for a %s', async (_case, token, authorization) => {
    const sandbox = await startSandbox();

    const response = await call(sandbox, DETAILS, {
      token,
      headers: authorization === undefined ? {} : { authorization },
    });

    expect(response.status).toBe(401);
    expectInvalidAuthentication(response.json());
  });

  it('token in a query parameter is not accepted', async () => {
    const sandbox = await startSandbox();

    const response = await call(sandbox, `${DETAILS}?hapikey=${TOKEN}&access_token=${TOKEN}`, {
      token: null,
    });

    expect(response.status).toBe(401);
  });

  it('SDK call with an unknown token rejects with code 401', async () => {
    const sandbox = await startSandbox();

    const error = await sdkError(sdkClient(sandbox, 'pat-na1-unknown').crm.lists.listsApi.getById('1'));

    expect(error.code).toBe(401);
    expectInvalidAuthentication(error.body);
  });

  it('deleted token gets 401', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.deleteToken(TOKEN);

    expect((await call(sandbox, DETAILS)).status).toBe(401);
  });

  it('token of a deleted portal gets 401', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.deletePortal(PORTAL_ID);

    expect((await call(sandbox, DETAILS)).status).toBe(401);
  });
});

describe('token rotation', () => {
  it('rotation with expireNow invalidates the old token at once', async () => {
    const sandbox = await startSandbox();

    const rotated = sandbox.admin.rotateToken(TOKEN, { expireNow: true });

    expect(rotated.token.token).toMatch(/^pat-na1-[0-9a-f-]{36}$/);
    expect((await call(sandbox, DETAILS)).status).toBe(401);
    expect((await call(sandbox, DETAILS, { token: rotated.token.token })).status).toBe(200);
  });

  it('rotation with a grace period keeps the old token valid until it ends', async () => {
    const clock = new ManualClock('2026-03-02T10:00:00Z');
    const sandbox = await startSandbox({ clock });

    const rotated = sandbox.admin.rotateToken(TOKEN);
    clock.advance(7 * 24 * 60 * 60 * 1000 - 1000);
    const beforeExpiry = await call(sandbox, DETAILS);
    clock.advance(1000);
    const afterExpiry = await call(sandbox, DETAILS);

    expect(rotated.previous.expiresAt).toBe('2026-03-09T10:00:00.000Z');
    expect(beforeExpiry.status).toBe(200);
    expect(afterExpiry.status).toBe(401);
    expectInvalidAuthentication(afterExpiry.json());
  });

  it('rotated token keeps portal, app and scopes', async () => {
    const sandbox = await startSandbox();

    const { token } = sandbox.admin.rotateToken(TOKEN, { graceSeconds: 60 });

    expect(token).toMatchObject({ portalId: PORTAL_ID, appId: APP_ID, userId: 99 });
    expect(token.scopes).toContain('crm.lists.read');
  });
});

describe('scope checks', () => {
  it('call without the scope gets 403 MISSING_SCOPES naming the accepted scopes', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.setScopes(TOKEN, ['crm.objects.contacts.read']);

    const error = await sdkError(sdkClient(sandbox).crm.lists.listsApi.getById('1'));

    expect(error.code).toBe(403);
    expect(error.body).toMatchObject({
      status: 'error',
      message: MISSING_SCOPES_MESSAGE,
      category: 'MISSING_SCOPES',
      links: { scopes: 'https://developers.hubspot.com/scopes' },
      errors: [
        {
          message: 'One or more of the following scopes are required.',
          context: { requiredGranularScopes: ['crm.lists.read'] },
        },
      ],
    });
  });

  it('contact writes require crm.objects.contacts.write', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.setScopes(TOKEN, ['crm.objects.contacts.read']);

    const response = await call(sandbox, '/crm/v3/objects/contacts', {
      method: 'POST',
      body: { properties: { email: 'x@example.com' } },
    });

    expect(response.status).toBe(403);
    expect(response.json()).toMatchObject({
      errors: [{ context: { requiredGranularScopes: ['crm.objects.contacts.write'] } }],
    });
  });

  it('scopes added to an existing token apply to the same token string', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.setScopes(TOKEN, []);
    const before = await call(sandbox, '/crm/v3/lists/search', { method: 'POST', body: {} });

    sandbox.admin.setScopes(TOKEN, ['crm.lists.read']);
    const after = await call(sandbox, '/crm/v3/lists/search', { method: 'POST', body: {} });

    expect(before.status).toBe(403);
    expect(after.status).toBe(200);
  });
});

describe('token metadata', () => {
  it('access-token-info returns user, hub, app and scopes without an auth header', async () => {
    const sandbox = await startSandbox();

    const response = await sdkClient(sandbox).apiRequest({
      method: 'POST',
      path: '/oauth/v2/private-apps/get/access-token-info',
      body: { tokenKey: TOKEN },
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      userId: 99,
      hubId: PORTAL_ID,
      appId: APP_ID,
      scopes: [
        'crm.lists.read',
        'crm.lists.write',
        'crm.objects.contacts.read',
        'crm.objects.contacts.write',
      ],
    });
  });

  it('access-token-info answers 401 for an unknown token', async () => {
    const sandbox = await startSandbox();

    const response = await call(sandbox, '/oauth/v2/private-apps/get/access-token-info', {
      method: 'POST',
      body: { tokenKey: 'pat-na1-nope' },
      token: null,
    });

    expect(response.status).toBe(401);
    expectInvalidAuthentication(response.json());
  });

  it('OAuth token endpoint rejects a private-app token with the format error', async () => {
    const sandbox = await startSandbox();

    const error = await sdkError(sdkClient(sandbox).oauth.accessTokensApi.get(TOKEN));

    expect(error.code).toBe(400);
    expect(error.body).toMatchObject({
      status: 'error',
      message: 'The access token must have the correct format',
    });
  });
});

describe('account details', () => {
  it.each([['/account-info/v3/details'], ['/account-info/2026-03/details']])(
    '%s returns the provisioned portal',
    async (path) => {
      const sandbox = await startSandbox({ clock: new ManualClock('2026-07-01T12:00:00Z') });

      const response = await call(sandbox, path);

      expect(response.status).toBe(200);
      expect(response.json()).toEqual({
        portalId: PORTAL_ID,
        accountType: 'STANDARD',
        timeZone: 'Europe/Berlin',
        companyCurrency: 'USD',
        additionalCurrencies: [],
        utcOffset: '+02:00',
        utcOffsetMilliseconds: 7_200_000,
        uiDomain: 'app.hubspot.com',
        dataHostingLocation: 'na1',
      });
    },
  );

  it('account details need a valid token but no scope', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.setScopes(TOKEN, []);

    expect((await call(sandbox, DETAILS)).status).toBe(200);
  });

  it('daily API usage reports calls counted today and the next reset', async () => {
    const sandbox = await startSandbox({ clock: new ManualClock('2026-01-15T20:00:00Z') });
    await call(sandbox, DETAILS);
    await call(sandbox, DETAILS);

    const response = await call(sandbox, '/account-info/v3/api-usage/daily/private-apps');

    expect(response.json()).toEqual({
      results: [
        {
          name: 'private-apps-api-calls-daily',
          usageLimit: 625_000,
          currentUsage: 3,
          collectedAt: '2026-01-15T20:00:00.000Z',
          fetchStatus: 'SUCCESS',
          resetsAt: '2026-01-15T23:00:00.000Z',
        },
      ],
    });
  });
});
