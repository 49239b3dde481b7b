import { HubSpotError } from '@oniva-hubspot/hubspot-gateway';
import { describe, expect, it } from 'vitest';

import { handleLinks } from '../src/links/handle-links.js';
import { linkLedgerKey } from '../src/ports.js';
import { FakeLinkApi, SCHEMA, fakeDependencies, handleOptions, linkRecord } from './support/fakes.js';

function records(...links: ReturnType<typeof linkRecord>[]) {
  return links.map((value) => ({ value }));
}

describe('handleLinks', () => {
  it('writes record, contact and association when a link is generated', async () => {
    const deps = fakeDependencies();
    const link = linkRecord({ email: ' Ada@Example.test' });

    const outcomes = await handleLinks(records(link), deps, handleOptions);

    expect(outcomes).toEqual([{ kind: 'applied' }]);
    const contactId = deps.api.contacts.get('ada@example.test');
    expect(contactId).toBeDefined();
    const record = deps.api.records.get(link.linkId);
    expect(record?.properties).toEqual({
      url: link.url,
      oniva_event_id: link.eventId,
      contact_email: 'ada@example.test',
    });
    expect([...deps.api.associations]).toEqual([`${record!.id}>${contactId}`]);
    expect(deps.ledger.entries.get(linkLedgerKey(link))).toMatchObject({
      version: 1,
      associationPending: false,
    });
  });

  it('clears the url when a link is revoked', async () => {
    const deps = fakeDependencies();
    const generated = linkRecord();
    const revoked = { ...generated, type: 'link.revoked' as const, version: 2 };

    await handleLinks(records(generated), deps, handleOptions);
    const outcomes = await handleLinks(records(revoked), deps, handleOptions);

    expect(outcomes).toEqual([{ kind: 'applied' }]);
    expect(deps.api.records.get(generated.linkId)?.properties['url']).toBe('');
  });

  it('keeps the newest version per link when a batch repeats it', async () => {
    const deps = fakeDependencies();
    const v2 = linkRecord({ version: 2, url: 'https://events.example.test/new' });
    const v1 = { ...v2, version: 1, url: 'https://events.example.test/old' };
    const v2again = { ...v2 };

    const outcomes = await handleLinks(records(v2, v1, v2again), deps, handleOptions);

    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['skipped', 'skipped', 'applied']);
    expect(deps.api.callsOf('upsertRecords')).toEqual([[v2.linkId]]);
    expect(deps.api.records.get(v2.linkId)?.properties['url']).toBe('https://events.example.test/new');
  });

  it('skips a version the ledger already applied', async () => {
    const deps = fakeDependencies();
    const v2 = linkRecord({ version: 2 });
    await handleLinks(records(v2), deps, handleOptions);

    const older = await handleLinks(records({ ...v2, version: 1 }), deps, handleOptions);
    const repeated = await handleLinks(records(v2), deps, handleOptions);

    expect(older).toEqual([{ kind: 'skipped', reason: 'stale-version' }]);
    expect(repeated).toEqual([{ kind: 'skipped', reason: 'stale-version' }]);
    expect(deps.api.callsOf('upsertRecords')).toHaveLength(1);
  });

  it('sends each email once when links share a contact', async () => {
    const deps = fakeDependencies();
    const first = linkRecord({ email: 'Same@example.test' });
    const second = linkRecord({ email: 'same@example.test ' });

    const outcomes = await handleLinks(records(first, second), deps, handleOptions);

    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['applied', 'applied']);
    expect(deps.api.callsOf('upsertContacts')).toEqual([['same@example.test']]);
  });

  it('dead-letters only the failed record when an upsert partly fails', async () => {
    const deps = fakeDependencies();
    const [a, b, c] = [linkRecord(), linkRecord(), linkRecord()];
    const rejected = new HubSpotError({
      code: 'HUBSPOT_VALIDATION_FAILED',
      message: 'Property values were not valid',
    });
    deps.api.itemFailures.set('upsertRecords', new Map([[c.linkId, rejected]]));

    const outcomes = await handleLinks(records(a, b, c), deps, handleOptions);

    expect(outcomes[0]).toEqual({ kind: 'applied' });
    expect(outcomes[1]).toEqual({ kind: 'applied' });
    expect(outcomes[2]).toMatchObject({ kind: 'dead-letter', reason: 'hubspot-rejected', error: rejected });
    expect(deps.ledger.entries.has(linkLedgerKey(c))).toBe(false);
  });

  it('dead-letters the links of a contact that HubSpot rejects', async () => {
    const deps = fakeDependencies();
    const good = linkRecord();
    const bad = linkRecord({ email: 'attendee6@example.invalid-tld' });
    const invalid = new HubSpotError({ code: 'HUBSPOT_VALIDATION_FAILED', message: 'INVALID_EMAIL' });
    deps.api.itemFailures.set('upsertContacts', new Map([['attendee6@example.invalid-tld', invalid]]));

    const outcomes = await handleLinks(records(good, bad), deps, handleOptions);

    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['applied', 'dead-letter']);
    expect(deps.api.callsOf('upsertRecords')).toEqual([[good.linkId]]);
  });

  it('retries a link with a retriable HubSpot failure after its Retry-After', async () => {
    const deps = fakeDependencies();
    const link = linkRecord();
    const limited = new HubSpotError({
      code: 'HUBSPOT_RATE_LIMITED',
      message: 'limited',
      retryAfterMs: 10_000,
    });
    deps.api.itemFailures.set('upsertRecords', new Map([[link.linkId, limited]]));

    const outcomes = await handleLinks(records(link), deps, handleOptions);

    expect(outcomes).toEqual([{ kind: 'retry', error: limited, retryAfterMs: 10_000 }]);
  });

  it('resumes at the association when it failed after the record write', async () => {
    const deps = fakeDependencies();
    const link = linkRecord();
    const outage = new HubSpotError({ code: 'HUBSPOT_SERVER_ERROR', message: '502', status: 502 });
    deps.api.callFailures.set('createAssociations', outage);

    const first = await handleLinks(records(link), deps, handleOptions);
    expect(first).toEqual([{ kind: 'retry', error: outage }]);
    expect(deps.ledger.entries.get(linkLedgerKey(link))).toMatchObject({ associationPending: true });

    const second = await handleLinks(records(link), deps, handleOptions);

    expect(second).toEqual([{ kind: 'applied' }]);
    expect(deps.api.callsOf('upsertRecords')).toHaveLength(1);
    expect(deps.api.callsOf('upsertContacts')).toHaveLength(1);
    expect(deps.api.callsOf('createAssociations')).toHaveLength(2);
    expect(deps.api.associations.size).toBe(1);
    expect(deps.ledger.entries.get(linkLedgerKey(link))).toMatchObject({ associationPending: false });
  });

  it('parks every link and marks the connection once when HubSpot rejects the token', async () => {
    const deps = fakeDependencies();
    const invalid = new HubSpotError({
      code: 'HUBSPOT_TOKEN_INVALID',
      message: 'token rotated',
      status: 401,
    });
    deps.api.callFailures.set('upsertContacts', invalid);

    const outcomes = await handleLinks(records(linkRecord(), linkRecord()), deps, handleOptions);

    expect(outcomes).toEqual([
      { kind: 'park', accountId: 'acc-1', reason: 'connection-unhealthy', error: invalid },
      { kind: 'park', accountId: 'acc-1', reason: 'connection-unhealthy', error: invalid },
    ]);
    expect(deps.health.unhealthy).toHaveLength(1);
    expect(deps.health.unhealthy[0]!.diagnosis).toMatchObject({ code: 'HUBSPOT_TOKEN_INVALID' });
    expect(deps.api.callsOf('upsertRecords')).toHaveLength(0);
  });

  it('parks links with a diagnosis when the portal has no custom objects', async () => {
    const unavailable = new HubSpotError({
      code: 'HUBSPOT_CUSTOM_OBJECTS_UNAVAILABLE',
      message: 'custom objects need an Enterprise subscription',
      status: 403,
    });
    const deps = fakeDependencies({
      resolver: { resolve: () => Promise.reject(unavailable), forget: () => Promise.resolve() },
    });

    const outcomes = await handleLinks(records(linkRecord()), deps, handleOptions);

    expect(outcomes).toEqual([
      { kind: 'park', accountId: 'acc-1', reason: 'connection-unhealthy', error: unavailable },
    ]);
    expect(deps.health.unhealthy[0]!.diagnosis.fix).toContain('Enterprise');
  });

  it('forgets the schema and retries when HubSpot lacks the object type', async () => {
    const deps = fakeDependencies({ api: new FakeLinkApi() });
    const link = linkRecord();
    const unknownType = new HubSpotError({
      code: 'HUBSPOT_VALIDATION_FAILED',
      message: 'HubSpot rejected the call as invalid',
      status: 400,
      responseBody: { message: 'Unable to infer object type from: 2-555' },
    });
    deps.api.itemFailures.set('upsertRecords', new Map([[link.linkId, unknownType]]));

    const outcomes = await handleLinks(records(link), deps, handleOptions);

    expect(outcomes[0]).toMatchObject({ kind: 'retry', error: { code: 'LINK_SINK_ERR_SCHEMA_STALE' } });
    expect(deps.forgotten).toEqual([SCHEMA]);
  });

  it('skips links whose event is not activated without calling HubSpot', async () => {
    const deps = fakeDependencies({
      context: {
        connection: undefined,
        workspaceActivation: undefined,
        eventActivation: undefined,
      },
    });

    const outcomes = await handleLinks(records(linkRecord()), deps, handleOptions);

    expect(outcomes).toEqual([{ kind: 'skipped', reason: 'no-connection' }]);
    expect(deps.api.calls).toHaveLength(0);
  });
});
