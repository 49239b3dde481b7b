import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { REQUIRED_SCOPES } from '../src/domain/features.js';
import { ALL_SCOPES, standardProvisioning } from './support/portals.js';
import { startTestApi, type TestApi } from './support/test-api.js';

// Portals of their own, because these tests change the tier and the daily limit.
const DOWNGRADED_PORTAL = 7101;
const LIMITED_PORTAL = 7102;

let api: TestApi;

beforeAll(async () => {
  const provision = standardProvisioning();
  provision.portals.push(
    { portalId: DOWNGRADED_PORTAL, tier: 'enterprise', timeZone: 'Europe/Berlin', tokens: [], lists: [] },
    { portalId: LIMITED_PORTAL, tier: 'enterprise', timeZone: 'Europe/Berlin', tokens: [], lists: [] },
  );
  api = await startTestApi({ provision });
});

afterAll(async () => {
  await api?.close();
});

interface Result {
  check: string;
  status: string;
  code?: string;
  message: string;
  fix?: string;
}

async function diagnose(key: string, accountId: string, query = '') {
  const response = await api.call(key, {
    method: 'GET',
    url: `/v1/accounts/${accountId}/diagnostics${query}`,
  });
  expect(response.statusCode, response.body).toBe(200);
  const body = response.json() as { status: string; results: Result[] };
  const result = (check: string): Result | undefined => body.results.find((entry) => entry.check === check);
  return { body, result };
}

async function activate(key: string, accountId: string, eventId?: string) {
  await api.call(key, { method: 'PUT', url: `/v1/accounts/${accountId}/workspaces/ws-1/activation` });
  if (eventId !== undefined) {
    await api.call(key, {
      method: 'PUT',
      url: `/v1/accounts/${accountId}/workspaces/ws-1/events/${eventId}/activation`,
    });
  }
}

describe('diagnostics', () => {
  it('reports ok for a working, activated connection', async () => {
    const { key } = await api.connectAccount('acct-diag-ok');
    await activate(key, 'acct-diag-ok', 'ev-1');
    const { body, result } = await diagnose(key, 'acct-diag-ok', '?workspaceId=ws-1&eventId=ev-1');

    expect(body.status).toBe('ok');
    expect(result('token')?.status).toBe('pass');
    expect(result('scopes.marketingEvents')?.status).toBe('pass');
    expect(result('custom-objects')?.message).toContain('creates it');
    expect(result('daily-limit')?.status).toBe('pass');
    expect(result('event-activation')?.message).toContain('not transferred retroactively');
  });

  it('names NOT_CONNECTED for an account without connection', async () => {
    const key = await api.keyFor('acct-diag-none');
    const { body, result } = await diagnose(key, 'acct-diag-none');

    expect(body.status).toBe('problems');
    expect(result('connection')).toMatchObject({ status: 'fail', code: 'NOT_CONNECTED' });
  });

  it('names TOKEN_INVALID after the token was rotated in HubSpot', async () => {
    const { key, token } = await api.connectAccount('acct-diag-rotated');
    api.sandbox.admin.rotateToken(token, { expireNow: true });
    const { result } = await diagnose(key, 'acct-diag-rotated');

    expect(result('token')).toMatchObject({ status: 'fail', code: 'TOKEN_INVALID' });
    expect(result('token')?.message).toContain('rotated');
    expect(result('token')?.fix).toContain('PUT /v1/accounts/acct-diag-rotated/connection/token');
  });

  it('names MISSING_SCOPES per feature after scopes were removed', async () => {
    const { key, token } = await api.connectAccount('acct-diag-scopes');
    api.sandbox.admin.setScopes(token, [
      ...REQUIRED_SCOPES.contactImport,
      'crm.objects.marketing_events.read',
    ]);
    const { result } = await diagnose(key, 'acct-diag-scopes');

    expect(result('scopes.contactImport')?.status).toBe('pass');
    expect(result('scopes.marketingEvents')).toMatchObject({ status: 'fail', code: 'MISSING_SCOPES' });
    expect(result('scopes.marketingEvents')?.message).toContain(
      'crm.objects.contacts.write, crm.objects.marketing_events.write',
    );
    expect(result('scopes.marketingEvents')?.message).toContain('event data is not transferred');
    expect(result('scopes.customObjects')).toMatchObject({ status: 'fail', code: 'MISSING_SCOPES' });
    expect(result('scopes.customObjects')?.message).toContain('personal event links do not appear');
  });

  it('names CUSTOM_OBJECT_SCHEMA_MISSING when the schema cannot be created', async () => {
    const { key, token } = await api.connectAccount('acct-diag-schema');
    api.sandbox.admin.setScopes(
      token,
      ALL_SCOPES.filter((scope) => scope !== 'crm.schemas.custom.write'),
    );
    const { result } = await diagnose(key, 'acct-diag-schema');

    expect(result('custom-objects')).toMatchObject({ status: 'fail', code: 'CUSTOM_OBJECT_SCHEMA_MISSING' });
    expect(result('scopes.customObjects')?.message).toContain('crm.schemas.custom.write');
  });

  it('names CUSTOM_OBJECTS_UNAVAILABLE when the portal leaves Enterprise', async () => {
    const token = api.newToken({ portalId: DOWNGRADED_PORTAL, appId: 41 });
    const { key } = await api.connectAccount('acct-diag-tier', token);
    api.sandbox.admin.updatePortal(DOWNGRADED_PORTAL, { tier: 'professional' });
    const { result } = await diagnose(key, 'acct-diag-tier');

    expect(result('custom-objects')).toMatchObject({ status: 'fail', code: 'CUSTOM_OBJECTS_UNAVAILABLE' });
    expect(result('custom-objects')?.message).toContain('Enterprise');
  });

  it('names DAILY_LIMIT_REACHED when the portal used its daily calls', async () => {
    const token = api.newToken({ portalId: LIMITED_PORTAL, appId: 51 });
    const { key } = await api.connectAccount('acct-diag-daily', token);
    api.sandbox.admin.setLimits(LIMITED_PORTAL, { dailyMax: 3 });
    const { body } = await diagnose(key, 'acct-diag-daily');

    const daily = body.results.find((entry) => entry.code === 'DAILY_LIMIT_REACHED');
    expect(daily?.status).toBe('fail');
    expect(daily?.fix).toContain('reset');
  });

  it('names NO_WORKSPACE_ACTIVATED without any activation', async () => {
    const { key } = await api.connectAccount('acct-diag-no-ws');
    const { result } = await diagnose(key, 'acct-diag-no-ws');

    expect(result('workspace-activation')).toMatchObject({ status: 'warn', code: 'NO_WORKSPACE_ACTIVATED' });
  });

  it('names WORKSPACE_NOT_ACTIVATED and EVENT_NOT_ACTIVATED for the given ids', async () => {
    const { key } = await api.connectAccount('acct-diag-activation');
    const { result } = await diagnose(key, 'acct-diag-activation', '?workspaceId=ws-1&eventId=ev-1');

    expect(result('workspace-activation')).toMatchObject({ status: 'fail', code: 'WORKSPACE_NOT_ACTIVATED' });
    expect(result('event-activation')).toMatchObject({ status: 'fail', code: 'EVENT_NOT_ACTIVATED' });
    expect(result('event-activation')?.fix).toContain('after activating the workspace');
  });

  it('names EVENT_NOT_ACTIVATED when only the workspace is active', async () => {
    const { key } = await api.connectAccount('acct-diag-event');
    await activate(key, 'acct-diag-event');
    const { result } = await diagnose(key, 'acct-diag-event', '?workspaceId=ws-1&eventId=ev-2');

    expect(result('workspace-activation')?.status).toBe('pass');
    expect(result('event-activation')).toMatchObject({ status: 'fail', code: 'EVENT_NOT_ACTIVATED' });
  });

  it('names RECORDS_PARKED and RECORDS_DEAD_LETTERED', async () => {
    const { key } = await api.connectAccount('acct-diag-backlog');
    await api.deps.models.ParkedMessage.create({
      accountId: 'acct-diag-backlog',
      source: { topic: api.topics.bookings, partition: 0, offset: '901' },
      key: 'ev-1',
      value: '{}',
      reason: 'missing-scopes',
      error: { code: 'HUBSPOT_MISSING_SCOPES', message: 'scope missing' },
      parkedAt: new Date(),
    });
    await api.deps.models.DeadLetter.create({
      accountId: 'acct-diag-backlog',
      eventId: 'ev-1',
      source: { topic: api.topics.bookings, partition: 0, offset: '902' },
      reason: 'hubspot-rejected',
      error: { code: 'HUBSPOT_VALIDATION_FAILED', message: 'invalid email' },
      value: '{}',
      deadLetteredAt: new Date(),
    });
    const { body, result } = await diagnose(key, 'acct-diag-backlog');

    expect(result('parked-records')).toMatchObject({ status: 'warn', code: 'RECORDS_PARKED' });
    expect(result('parked-records')?.message).toContain('missing-scopes');
    expect(result('parked-records')?.fix).toContain('/sync/parked/replay');
    expect(result('dead-letters')).toMatchObject({ status: 'warn', code: 'RECORDS_DEAD_LETTERED' });
    expect(body.status).toBe('warnings');
  });

  it('names CONNECTION_UNHEALTHY with the fix a sink stored', async () => {
    const { key } = await api.connectAccount('acct-diag-health');
    await api.deps.models.Connection.updateOne(
      { accountId: 'acct-diag-health' },
      {
        $set: {
          health: {
            state: 'unhealthy',
            code: 'HUBSPOT_CUSTOM_OBJECTS_UNAVAILABLE',
            message: 'HubSpot refused the custom object schema',
            fix: 'Upgrade to Enterprise',
            since: new Date(),
          },
        },
      },
    );
    const { result } = await diagnose(key, 'acct-diag-health');

    expect(result('connection-health')).toMatchObject({
      status: 'fail',
      code: 'CONNECTION_UNHEALTHY',
      fix: 'Upgrade to Enterprise',
    });
  });

  it('rejects an event id without its workspace id', async () => {
    const { key } = await api.connectAccount('acct-diag-query');
    const response = await api.call(key, {
      method: 'GET',
      url: '/v1/accounts/acct-diag-query/diagnostics?eventId=ev-1',
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().details.issues[0].field).toBe('query.workspaceId');
  });
});
