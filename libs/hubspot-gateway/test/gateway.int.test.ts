import { Writable } from 'node:stream';

import { createSandbox, type Sandbox } from '@oniva-hubspot/hubspot-sandbox';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  createAssociations,
  createSchema,
  getAssociationTypes,
  getListMembershipsPage,
  searchLists,
  upsertRecords,
  getAccountDetails,
  getContactProperties,
  getMarketingEventByExternalIds,
  getParticipationCounters,
  getTokenInfo,
  HubSpotError,
  HubSpotGateway,
  MemoryWindowStore,
  recordAttendanceByEmail,
  upsertContactsByEmail,
  upsertMarketingEvent,
  type AttendanceState,
  type HubSpotConnection,
} from '../src/index.js';

const PORTAL = 6201;
const ENTERPRISE_PORTAL = 6202;
const APP = 31;
const TOKEN = 'pat-na1-gateway-main';
const ENTERPRISE_TOKEN = 'pat-na1-gateway-enterprise';
const ALL_SCOPES = [
  'crm.lists.read',
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.marketing_events.read',
  'crm.objects.marketing_events.write',
  'crm.schemas.custom.read',
  'crm.schemas.custom.write',
  'crm.objects.custom.read',
  'crm.objects.custom.write',
];

let sandbox: Sandbox;
let gateway: HubSpotGateway;
let hubspot: HubSpotConnection;

beforeAll(async () => {
  sandbox = await createSandbox({
    provision: {
      portals: [
        {
          portalId: PORTAL,
          tier: 'professional',
          timeZone: 'Europe/Berlin',
          tokens: [{ token: TOKEN, appId: APP, scopes: ALL_SCOPES }],
          lists: [{ name: 'Gateway attendees', processingType: 'MANUAL', generate: 5 }],
        },
        {
          portalId: ENTERPRISE_PORTAL,
          tier: 'enterprise',
          tokens: [{ token: ENTERPRISE_TOKEN, appId: APP, scopes: ALL_SCOPES }],
        },
      ],
    },
  });
  gateway = new HubSpotGateway({
    basePath: sandbox.url,
    timeoutMs: 2_000,
    windowStore: new MemoryWindowStore(),
    retry: { initialDelayMs: 10, maxDelayMs: 50 },
  });
  hubspot = gateway.connect({ accessToken: TOKEN, portalId: PORTAL, appId: APP, timeZone: 'Europe/Berlin' });
});

afterAll(async () => {
  gateway.close();
  await sandbox.close();
});

beforeEach(() => {
  sandbox.admin.clearFaults();
  sandbox.admin.clearRequests();
});

function requestsTo(method: string, path: string): number {
  return sandbox.admin.requests({ method, path }).length;
}

describe('account operations', () => {
  it('token info names the portal, app and scopes', async () => {
    const info = await getTokenInfo(gateway, TOKEN);

    expect(info.hubId).toBe(PORTAL);
    expect(info.appId).toBe(APP);
    expect(info.scopes).toEqual(expect.arrayContaining(ALL_SCOPES));
  });

  it('account details return the time zone', async () => {
    const details = await getAccountDetails(hubspot);

    expect(details.portalId).toBe(PORTAL);
    expect(details.timeZone).toBe('Europe/Berlin');
  });
});

describe('batch outcomes', () => {
  it('contacts upsert maps a 207 error to its input', async () => {
    sandbox.admin.addFault({
      match: { method: 'POST', path: '/crm/v3/objects/contacts/batch/upsert' },
      effect: { type: 'partialFailure', inputs: ['c207@example.test'] },
      times: 1,
    });

    const outcomes = await upsertContactsByEmail(hubspot, [
      { email: 'a207@example.test', properties: { firstname: 'Ada' } },
      { email: 'b207@example.test', properties: { firstname: 'Bob' } },
      { email: 'c207@example.test', properties: { firstname: 'Cy' } },
    ]);

    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true, false]);
    expect(outcomes[2]).toMatchObject({ ok: false, input: { email: 'c207@example.test' } });
    expect(requestsTo('POST', '/crm/v3/objects/contacts/batch/upsert')).toBe(1);
  });

  it('contacts upsert isolates an invalid email so the others are written', async () => {
    const inputs = Array.from({ length: 9 }, (_, index) => ({
      email: `valid${index}@example.test`,
      properties: { firstname: `Valid ${index}` },
    }));
    inputs.splice(4, 0, { email: 'not-an-email', properties: { firstname: 'Broken' } });

    const outcomes = await upsertContactsByEmail(hubspot, inputs);

    const failed = outcomes.filter((outcome) => !outcome.ok);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      input: { email: 'not-an-email' },
      error: { code: 'HUBSPOT_VALIDATION_FAILED', kind: 'permanent' },
    });
    for (let index = 0; index < 9; index += 1) {
      expect(sandbox.admin.contactByEmail(PORTAL, `valid${index}@example.test`)).toBeDefined();
    }
  });

  it('contacts upsert fails both copies of a duplicate email', async () => {
    const outcomes = await upsertContactsByEmail(hubspot, [
      { email: 'twice@example.test', properties: {} },
      { email: 'once@example.test', properties: {} },
      { email: 'TWICE@example.test', properties: {} },
    ]);

    expect(outcomes.map((outcome) => outcome.ok)).toEqual([false, true, false]);
    expect(sandbox.admin.contactByEmail(PORTAL, 'once@example.test')).toBeDefined();
  });
});

describe('connection-level errors', () => {
  it('a rotated token is classified as a connection failure', async () => {
    const token = 'pat-na1-gateway-rotated';
    sandbox.admin.addToken(PORTAL, { token, appId: APP, scopes: ALL_SCOPES });
    const rotated = gateway.connect({ accessToken: token, portalId: PORTAL, appId: APP });
    await getContactProperties(rotated);
    sandbox.admin.rotateToken(token, { expireNow: true });

    const failure = getContactProperties(rotated);

    await expect(failure).rejects.toMatchObject({
      code: 'HUBSPOT_TOKEN_INVALID',
      kind: 'connection',
      status: 401,
      category: 'INVALID_AUTHENTICATION',
    });
    expect(requestsTo('GET', '/crm/v3/properties/contacts')).toBe(2);
  });

  it('missing scopes are named in the error', async () => {
    const token = 'pat-na1-gateway-no-events';
    sandbox.admin.addToken(PORTAL, { token, appId: APP, scopes: ['crm.objects.contacts.read'] });
    const limited = gateway.connect({ accessToken: token, portalId: PORTAL, appId: APP });

    const error = (await upsertMarketingEvent(limited, {
      externalAccountId: 'acct-1',
      externalEventId: 'evt-scopes',
      eventName: 'Scopes',
      eventOrganizer: 'Oniva',
    }).catch((caught: unknown) => caught)) as HubSpotError;

    expect(error).toBeInstanceOf(HubSpotError);
    expect(error.code).toBe('HUBSPOT_MISSING_SCOPES');
    expect(error.kind).toBe('connection');
    expect(error.requiredScopes).toContain('crm.objects.marketing_events.write');
    expect(error.message).toContain('crm.objects.marketing_events.write');
  });

  it('custom objects on a professional portal are unavailable', async () => {
    const failure = createSchema(hubspot, linkSchema('personal_link_pro'));

    await expect(failure).rejects.toMatchObject({
      code: 'HUBSPOT_CUSTOM_OBJECTS_UNAVAILABLE',
      kind: 'connection',
    });
  });

  it('daily limit stops calls until the reset', async () => {
    const portalId = 6203;
    const token = 'pat-na1-gateway-daily';
    sandbox.admin.addPortal({ portalId, tier: 'starter', timeZone: 'America/New_York', tokens: [] });
    sandbox.admin.addToken(portalId, { token, appId: APP, scopes: ALL_SCOPES });
    sandbox.admin.setLimits(portalId, { dailyMax: 2 });
    const daily = gateway.connect({ accessToken: token, portalId, appId: APP, timeZone: 'America/New_York' });
    await getContactProperties(daily);
    await getContactProperties(daily).catch(() => undefined);

    const first = (await getContactProperties(daily).catch((caught: unknown) => caught)) as HubSpotError;
    const callsAfterFirst = sandbox.admin.requests({ portalId }).length;
    const second = (await getContactProperties(daily).catch((caught: unknown) => caught)) as HubSpotError;

    expect(first.code).toBe('HUBSPOT_DAILY_LIMIT_REACHED');
    expect(first.kind).toBe('connection');
    expect(first.resetsAt?.getTime()).toBeGreaterThan(Date.now());
    expect(second.code).toBe('HUBSPOT_DAILY_LIMIT_REACHED');
    expect(sandbox.admin.requests({ portalId }).length).toBe(callsAfterFirst);
  });
});

describe('ambiguous outcomes', () => {
  it('schema create after a dropped connection is resolved by lookup', async () => {
    const enterprise = gateway.connect({
      accessToken: ENTERPRISE_TOKEN,
      portalId: ENTERPRISE_PORTAL,
      appId: APP,
    });
    sandbox.admin.addFault({
      match: { method: 'POST', path: '/crm-object-schemas/v3/schemas' },
      effect: { type: 'drop', when: 'after' },
      times: 1,
    });

    const schema = await createSchema(enterprise, linkSchema('personal_link'));

    expect(schema.name).toBe('personal_link');
    expect(schema.objectTypeId).toMatch(/^2-\d+$/);
    expect(requestsTo('POST', '/crm-object-schemas/v3/schemas')).toBe(1);
    expect(requestsTo('GET', '/crm-object-schemas/v3/schemas')).toBe(1);
  });

  it('marketing event upsert after a dropped connection leaves one event', async () => {
    sandbox.admin.addFault({
      match: { method: 'PUT', path: '/marketing/v3/marketing-events/events/:externalEventId' },
      effect: { type: 'drop', when: 'after' },
      times: 1,
    });
    const event = {
      externalAccountId: 'acct-1',
      externalEventId: 'evt-ambiguous',
      eventName: 'Spring webinar',
      eventOrganizer: 'Oniva',
      startDateTime: new Date('2026-04-10T17:00:00Z'),
      endDateTime: new Date('2026-04-10T18:00:00Z'),
    };

    const upserted = await upsertMarketingEvent(hubspot, event);
    const read = await getMarketingEventByExternalIds(hubspot, event);

    expect(requestsTo('PUT', '/marketing/v3/marketing-events/events/evt-ambiguous')).toBe(2);
    expect(read.objectId).toBe(upserted.objectId);
    expect(requestsTo('POST', '/marketing/v3/marketing-events/events')).toBe(0);
  });

  it('a slow response times out at the configured limit', async () => {
    const fast = new HubSpotGateway({
      basePath: sandbox.url,
      timeoutMs: 300,
      windowStore: new MemoryWindowStore(),
    });
    const connection = fast.connect({ accessToken: TOKEN, portalId: PORTAL, appId: APP });
    sandbox.admin.addFault({
      match: { method: 'GET', path: '/crm/v3/properties/contacts' },
      effect: { type: 'latency', ms: 3_000 },
    });
    const started = Date.now();

    const failure = connection.call(
      { operation: 'properties.contacts.list', idempotent: true, retry: false },
      (client) => client.crm.properties.coreApi.getAll('contacts', false),
    );

    await expect(failure).rejects.toMatchObject({ code: 'HUBSPOT_TIMEOUT', kind: 'retriable' });
    expect(Date.now() - started).toBeLessThan(1_500);
    fast.close();
  });
});

describe('SDK clients', () => {
  it('a second client does not add SDK retries to the first', async () => {
    const first = gateway.connect({ accessToken: TOKEN, portalId: PORTAL, appId: APP });
    const other = new HubSpotGateway({ basePath: sandbox.url, windowStore: new MemoryWindowStore() });
    other.connect({ accessToken: 'pat-na1-gateway-other', portalId: PORTAL, appId: APP });
    sandbox.admin.addFault({
      match: { method: 'GET', path: '/crm/v3/properties/contacts' },
      effect: { type: 'status', status: 503 },
    });

    const failure = first.call(
      { operation: 'properties.contacts.list', idempotent: true, retry: false },
      (client) => client.crm.properties.coreApi.getAll('contacts', false),
    );

    await expect(failure).rejects.toMatchObject({ code: 'HUBSPOT_SERVER_ERROR', status: 503 });
    expect(requestsTo('GET', '/crm/v3/properties/contacts')).toBe(1);
    other.close();
  });
});

describe('attendance', () => {
  it('attendance by email registers contacts and counts them', async () => {
    const key = { externalAccountId: 'acct-1', externalEventId: 'evt-attendance' };
    await upsertMarketingEvent(hubspot, { ...key, eventName: 'Workshop', eventOrganizer: 'Oniva' });

    const outcomes = await recordAttendanceByEmail(hubspot, {
      ...key,
      state: 'register',
      inputs: [
        { email: 'attendee1@example.test', interactionDateTime: Date.parse('2026-03-01T10:00:00Z') },
        { email: 'attendee2@example.test', interactionDateTime: Date.parse('2026-03-01T10:05:00Z') },
      ],
    });
    const counters = await getParticipationCounters(hubspot, key);

    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(counters.registered).toBe(2);
    const [request] = sandbox.admin.requests({
      method: 'POST',
      path: '/marketing/v3/marketing-events/attendance/**',
    });
    expect(request?.path).toBe(
      '/marketing/v3/marketing-events/attendance/evt-attendance/register/email-create',
    );
    expect(request?.query).toMatchObject({ externalAccountId: 'acct-1' });
  });

  it('attendance rejects an unknown state before any request', async () => {
    const failure = recordAttendanceByEmail(hubspot, {
      externalAccountId: 'acct-1',
      externalEventId: 'evt-attendance',
      state: 'REGISTERED' as AttendanceState,
      inputs: [{ email: 'attendee3@example.test', interactionDateTime: 1 }],
    });

    await expect(failure).rejects.toThrow(/register/);
    expect(sandbox.admin.requests({ method: 'POST' })).toHaveLength(0);
  });
});

function linkSchema(name: string) {
  return {
    name,
    labels: { singular: 'Personal link', plural: 'Personal links' },
    primaryDisplayProperty: 'link_id',
    requiredProperties: ['link_id'],
    associatedObjects: ['CONTACT'],
    properties: [
      { name: 'link_id', label: 'Link id', type: 'string', fieldType: 'text', hasUniqueValue: true },
      { name: 'url', label: 'URL', type: 'string', fieldType: 'text' },
    ],
  } as Parameters<typeof createSchema>[1];
}

describe('lists', () => {
  it('list search and memberships page through the sandbox', async () => {
    const found = await searchLists(hubspot, { query: 'Gateway attendees' });
    const listId = found.lists[0]?.listId ?? '';

    const page = await getListMembershipsPage(hubspot, { listId, limit: 2 });

    expect(found.lists).toHaveLength(1);
    expect(page.results).toHaveLength(2);
    expect(page.paging?.next?.after).toBeDefined();
  });
});

describe('custom objects', () => {
  it('records upsert by unique property and associate with contacts', async () => {
    const enterprise = gateway.connect({
      accessToken: ENTERPRISE_TOKEN,
      portalId: ENTERPRISE_PORTAL,
      appId: APP,
    });
    const schema = await createSchema(enterprise, linkSchema('event_link'));
    const [contact] = await upsertContactsByEmail(enterprise, [
      { email: 'linked@example.test', properties: {} },
    ]);
    const contactId = contact?.ok ? contact.result.id : '';
    const objectType = schema.objectTypeId ?? '';

    const records = await upsertRecords(enterprise, {
      objectType,
      idProperty: 'link_id',
      inputs: [
        { id: 'lnk-1', properties: { url: 'https://example.test/l/1' } },
        { id: 'lnk-2', properties: { url: 'https://example.test/l/2' } },
      ],
    });
    const types = await getAssociationTypes(enterprise, {
      fromObjectType: objectType,
      toObjectType: 'contacts',
    });
    const typeId = types.find((type) => type.category === 'USER_DEFINED')?.typeId ?? 0;
    const associations = await createAssociations(enterprise, {
      fromObjectType: objectType,
      toObjectType: 'contacts',
      inputs: records.flatMap((record) =>
        record.ok
          ? [
              {
                fromId: record.result.id,
                toId: contactId,
                types: [{ associationCategory: 'USER_DEFINED', associationTypeId: typeId }],
              },
            ]
          : [],
      ),
    } as Parameters<typeof createAssociations>[1]);

    expect(records.map((record) => record.ok)).toEqual([true, true]);
    expect(typeId).toBeGreaterThan(0);
    expect(associations.map((association) => association.ok)).toEqual([true, true]);
  });
});

describe('logging', () => {
  it('gateway logs never contain the access token', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logged = new HubSpotGateway({
      basePath: sandbox.url,
      windowStore: new MemoryWindowStore(),
      logger: pino({ level: 'debug' }, sink),
      retry: { initialDelayMs: 1, maxDelayMs: 1 },
    });
    const token = 'pat-na1-gateway-logged';
    sandbox.admin.addToken(PORTAL, { token, appId: APP, scopes: ['crm.objects.contacts.read'] });
    const connection = logged.connect({ accessToken: token, portalId: PORTAL, appId: APP });
    sandbox.admin.addFault({
      match: { path: '/crm/v3/properties/contacts' },
      effect: { type: 'status', status: 502, html: true },
      times: 1,
    });
    await getContactProperties(connection);
    await upsertMarketingEvent(connection, {
      externalAccountId: 'a',
      externalEventId: 'e',
      eventName: 'n',
      eventOrganizer: 'o',
    }).catch(() => undefined);
    sandbox.admin.deleteToken(token);
    await getContactProperties(connection).catch(() => undefined);

    const output = lines.join('');
    expect(output).toContain('retrying HubSpot call');
    expect(output).toContain('HubSpot connection failure');
    expect(output).toContain(`"portalId":${PORTAL}`);
    expect(output).not.toContain(token);
    logged.close();
  });
});
