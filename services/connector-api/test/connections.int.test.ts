import { configChangeRecordSchema } from '@oniva-hubspot/contracts';
import { testServers } from '@oniva-hubspot/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEFAULT_STATUS_MAPPING } from '../src/domain/status-mapping.js';
import { ALL_SCOPES, allFeatures, PORTALS, standardProvisioning, TOKENS } from './support/portals.js';
import { startTestApi, type TestApi } from './support/test-api.js';
import { readTopic } from './support/topics.js';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ provision: standardProvisioning() });
});

afterAll(async () => {
  await api?.close();
});

async function connect(accountId: string, body: object = allFeatures()) {
  const key = await api.keyFor(accountId);
  const response = await api.call(key, {
    method: 'POST',
    url: `/v1/accounts/${accountId}/connection`,
    payload: body,
  });
  return { key, response };
}

describe('connection create', () => {
  it('stores portal, app, scopes and time zone when every scope is granted', async () => {
    const { response } = await connect('acct-create');

    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body.accountId).toBe('acct-create');
    expect(body.portalId).toBe(PORTALS.enterprise);
    expect(body.appId).toBe(11);
    expect(body.scopes).toEqual(expect.arrayContaining(ALL_SCOPES));
    expect(body.portalTimeZone).toBe('Europe/Berlin');
    expect(body.features).toEqual({ contactImport: true, marketingEvents: true, customObjects: true });
    expect(body.health.state).toBe('healthy');
    expect(body.token).toEqual({
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
      last4: TOKENS.full.slice(-4),
    });
  });

  it('applies the default status mapping when none is given', async () => {
    const { response } = await connect('acct-default-mapping');

    expect(response.json().statusMapping).toEqual(DEFAULT_STATUS_MAPPING);
  });

  it('names every missing scope per feature when the token lacks scopes', async () => {
    const { response } = await connect('acct-missing-scopes', allFeatures(TOKENS.importOnly));

    expect(response.statusCode).toBe(422);
    const body = response.json();
    expect(body.code).toBe('API_HUBSPOT_MISSING_SCOPES');
    expect(body.details.missingScopes).toEqual({
      marketingEvents: [
        'crm.objects.contacts.write',
        'crm.objects.marketing_events.read',
        'crm.objects.marketing_events.write',
      ],
      customObjects: ['crm.schemas.custom.read', 'crm.objects.custom.read', 'crm.objects.custom.write'],
    });
    expect(body.message).toContain('Marketing Events sync needs crm.objects.contacts.write');
    expect(body.message).toContain('Private Apps');
  });

  it('asks for crm.schemas.custom.write when the custom object schema is missing', async () => {
    const { response } = await connect('acct-no-schema-write', {
      accessToken: TOKENS.noSchemaWrite,
      features: { contactImport: true, marketingEvents: false, customObjects: true },
    });

    expect(response.statusCode).toBe(422);
    const body = response.json();
    expect(body.details.missingScopes).toEqual({ customObjects: ['crm.schemas.custom.write'] });
    expect(body.message).toContain('does not exist in portal');
  });

  it('rejects custom objects on a portal below Enterprise', async () => {
    const { response } = await connect('acct-professional', allFeatures(TOKENS.professional));

    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('API_HUBSPOT_CUSTOM_OBJECTS_UNAVAILABLE');
    expect(response.json().message).toContain('Enterprise');
  });

  it('accepts a portal below Enterprise without custom objects', async () => {
    const { response } = await connect('acct-professional-ok', {
      accessToken: TOKENS.professional,
      features: { contactImport: true, marketingEvents: true, customObjects: false },
    });

    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().portalTimeZone).toBe('America/New_York');
  });

  it('rejects a token that HubSpot does not know', async () => {
    const { response } = await connect('acct-unknown-token', allFeatures(TOKENS.unknown));

    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('API_HUBSPOT_TOKEN_REJECTED');
    expect(response.json().message).toContain('Settings → Integrations → Private Apps');
  });

  it('rejects a second connection of the same account', async () => {
    const { key } = await connect('acct-twice');
    const second = await api.call(key, {
      method: 'POST',
      url: '/v1/accounts/acct-twice/connection',
      payload: allFeatures(),
    });

    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('API_CONNECTION_EXISTS');
  });
});

describe('connection read', () => {
  it('returns the stored connection without the token', async () => {
    const { key } = await connect('acct-read');
    const response = await api.call(key, { method: 'GET', url: '/v1/accounts/acct-read/connection' });

    expect(response.statusCode).toBe(200);
    expect(response.json().portalId).toBe(PORTALS.enterprise);
    expect(response.body).not.toContain(TOKENS.full);
  });

  it('returns 404 when the account has no connection', async () => {
    const key = await api.keyFor('acct-none');
    const response = await api.call(key, { method: 'GET', url: '/v1/accounts/acct-none/connection' });

    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('API_CONNECTION_NOT_FOUND');
  });
});

describe('token rotation', () => {
  it('replaces the token after validating it', async () => {
    const { key } = await connect('acct-rotate');
    const response = await api.call(key, {
      method: 'PUT',
      url: '/v1/accounts/acct-rotate/connection/token',
      payload: { accessToken: TOKENS.rotated },
    });

    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().token.last4).toBe(TOKENS.rotated.slice(-4));
    expect(response.json().warnings).toBeUndefined();
    expect(response.json().replayedParkedRecords).toBe(0);
  });

  it('flags a token of another HubSpot app', async () => {
    const { key } = await connect('acct-rotate-app');
    const response = await api.call(key, {
      method: 'PUT',
      url: '/v1/accounts/acct-rotate-app/connection/token',
      payload: { accessToken: TOKENS.otherApp },
    });

    expect(response.statusCode).toBe(200);
    expect(response.json().appId).toBe(12);
    expect(response.json().warnings).toEqual([expect.objectContaining({ code: 'TOKEN_APP_CHANGED' })]);
    expect(response.json().warnings[0].message).toContain('object ids');
  });

  it('rejects a token of another portal', async () => {
    const { key } = await connect('acct-rotate-portal');
    const response = await api.call(key, {
      method: 'PUT',
      url: '/v1/accounts/acct-rotate-portal/connection/token',
      payload: { accessToken: TOKENS.otherPortal },
    });

    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('API_HUBSPOT_PORTAL_MISMATCH');
    const stored = await api.call(key, { method: 'GET', url: '/v1/accounts/acct-rotate-portal/connection' });
    expect(stored.json().token.last4).toBe(TOKENS.full.slice(-4));
  });

  it('rejects a token that lacks the scopes of the enabled features', async () => {
    const { key } = await connect('acct-rotate-scopes');
    const response = await api.call(key, {
      method: 'PUT',
      url: '/v1/accounts/acct-rotate-scopes/connection/token',
      payload: { accessToken: TOKENS.importOnly },
    });

    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('API_HUBSPOT_MISSING_SCOPES');
  });
});

describe('feature toggles', () => {
  it('switches a feature off without asking HubSpot', async () => {
    const { key } = await connect('acct-feature-off');
    const response = await api.call(key, {
      method: 'PATCH',
      url: '/v1/accounts/acct-feature-off/connection/features',
      payload: { customObjects: false },
    });

    expect(response.statusCode).toBe(200);
    expect(response.json().features).toEqual({
      contactImport: true,
      marketingEvents: true,
      customObjects: false,
    });
  });

  it('rejects switching on a feature whose scopes the token lacks', async () => {
    const { key } = await connect('acct-feature-on', {
      accessToken: TOKENS.importOnly,
      features: { contactImport: true, marketingEvents: false, customObjects: false },
    });
    const response = await api.call(key, {
      method: 'PATCH',
      url: '/v1/accounts/acct-feature-on/connection/features',
      payload: { marketingEvents: true },
    });

    expect(response.statusCode).toBe(422);
    expect(response.json().details.missingScopes).toEqual({
      marketingEvents: [
        'crm.objects.contacts.write',
        'crm.objects.marketing_events.read',
        'crm.objects.marketing_events.write',
      ],
    });
  });

  it('switches a feature on when the token has its scopes', async () => {
    const { key } = await connect('acct-feature-granted', {
      accessToken: TOKENS.full,
      features: { contactImport: true, marketingEvents: false, customObjects: false },
    });
    const response = await api.call(key, {
      method: 'PATCH',
      url: '/v1/accounts/acct-feature-granted/connection/features',
      payload: { marketingEvents: true },
    });

    expect(response.statusCode).toBe(200);
    expect(response.json().features.marketingEvents).toBe(true);
  });

  it('rejects switching off every feature', async () => {
    const { key } = await connect('acct-feature-none', {
      accessToken: TOKENS.full,
      features: { contactImport: true, marketingEvents: false, customObjects: false },
    });
    const response = await api.call(key, {
      method: 'PATCH',
      url: '/v1/accounts/acct-feature-none/connection/features',
      payload: { contactImport: false },
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('API_VALIDATION_FAILED');
  });
});

describe('status mapping', () => {
  it('replaces the mapping with extra statuses', async () => {
    const { key } = await connect('acct-mapping');
    const statusMapping = { ...DEFAULT_STATUS_MAPPING, declined: 'ignore', waitlisted: 'register' };
    const response = await api.call(key, {
      method: 'PUT',
      url: '/v1/accounts/acct-mapping/connection/status-mapping',
      payload: { statusMapping },
    });

    expect(response.statusCode).toBe(200);
    expect(response.json().statusMapping).toEqual(statusMapping);
  });

  it('rejects a mapping that leaves an Oniva status without a target', async () => {
    const { key } = await connect('acct-mapping-gap');
    const response = await api.call(key, {
      method: 'PUT',
      url: '/v1/accounts/acct-mapping-gap/connection/status-mapping',
      payload: { statusMapping: { registered: 'register', attended: 'attend' } },
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain('"confirmed", "declined", "cancelled"');
    expect(response.json().details.issues[0].field).toBe('body.statusMapping');
  });

  it('rejects an unknown participation state', async () => {
    const { key } = await connect('acct-mapping-target');
    const response = await api.call(key, {
      method: 'PUT',
      url: '/v1/accounts/acct-mapping-target/connection/status-mapping',
      payload: { statusMapping: { ...DEFAULT_STATUS_MAPPING, attended: 'checked-in' } },
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().details.issues[0].field).toBe('body.statusMapping.attended');
  });
});

describe('connection delete', () => {
  it('erases the token and stops serving the connection', async () => {
    const { key } = await connect('acct-delete');
    const response = await api.call(key, { method: 'DELETE', url: '/v1/accounts/acct-delete/connection' });

    expect(response.statusCode).toBe(204);
    const raw = await api.deps.models.Connection.collection.findOne({ accountId: 'acct-delete' });
    expect(raw?.token).toBeUndefined();
    expect(raw?.deletedAt).toBeInstanceOf(Date);
    const read = await api.call(key, { method: 'GET', url: '/v1/accounts/acct-delete/connection' });
    expect(read.statusCode).toBe(404);
  });

  it('allows a new connection after a delete', async () => {
    const { key } = await connect('acct-recreate');
    await api.call(key, { method: 'DELETE', url: '/v1/accounts/acct-recreate/connection' });
    const again = await api.call(key, {
      method: 'POST',
      url: '/v1/accounts/acct-recreate/connection',
      payload: allFeatures(TOKENS.rotated),
    });

    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().token.last4).toBe(TOKENS.rotated.slice(-4));
  });
});

describe('config changes', () => {
  it('announces create, rotation, feature, mapping and delete changes', async () => {
    const accountId = 'acct-announce';
    const { key } = await connect(accountId);
    const base = `/v1/accounts/${accountId}/connection`;
    await api.call(key, { method: 'PUT', url: `${base}/token`, payload: { accessToken: TOKENS.rotated } });
    await api.call(key, { method: 'PATCH', url: `${base}/features`, payload: { customObjects: false } });
    await api.call(key, {
      method: 'PUT',
      url: `${base}/status-mapping`,
      payload: { statusMapping: DEFAULT_STATUS_MAPPING },
    });
    await api.call(key, { method: 'DELETE', url: base });

    const records = await readTopic(testServers().kafkaBrokers, api.topics.configChanges, {
      until: (read) => read.filter((record) => record.key === accountId).length >= 5,
    });
    const changes = records
      .filter((record) => record.key === accountId)
      .map((record) => configChangeRecordSchema.parse(JSON.parse(record.value ?? '')).change);
    expect(changes).toEqual([
      'connection.created',
      'connection.updated',
      'connection.updated',
      'status-mapping.changed',
      'connection.deleted',
    ]);
  });
});
