import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { linkLedgerKey } from '../src/ports.js';
import { FULL_SCOPES, LinkSinkHarness, link, waitFor, type TestPortal } from './support/harness.js';

const PROFESSIONAL_ACCOUNT = 'acc-professional';
const NO_SCHEMA_SCOPE_ACCOUNT = 'acc-no-schema-scope';
const LOST_RESPONSE_ACCOUNT = 'acc-lost-response';
const SCOPES_WITHOUT_SCHEMA_WRITE = FULL_SCOPES.filter((scope) => scope !== 'crm.schemas.custom.write');

let harness: LinkSinkHarness;
let professional: TestPortal;
let enterprise: TestPortal;
let lostResponse: TestPortal;

async function parkedLinks(accountId: string): Promise<number> {
  return harness.models.ParkedMessage.countDocuments({ accountId, 'source.topic': harness.topics.links });
}

async function health(accountId: string) {
  const connection = await harness.models.Connection.findOne({ accountId }).lean();
  return connection?.health;
}

beforeAll(async () => {
  harness = await LinkSinkHarness.create();
  professional = await harness.addPortal({
    portalId: 5201,
    accountId: PROFESSIONAL_ACCOUNT,
    tier: 'professional',
  });
  enterprise = await harness.addPortal({
    portalId: 5202,
    accountId: NO_SCHEMA_SCOPE_ACCOUNT,
    tier: 'enterprise',
    scopes: SCOPES_WITHOUT_SCHEMA_WRITE,
  });
  lostResponse = await harness.addPortal({
    portalId: 5203,
    accountId: LOST_RESPONSE_ACCOUNT,
    tier: 'enterprise',
  });
  await harness.activateEvents(PROFESSIONAL_ACCOUNT, ['evt-1']);
  await harness.activateEvents(NO_SCHEMA_SCOPE_ACCOUNT, ['evt-1']);
  await harness.activateEvents(LOST_RESPONSE_ACCOUNT, ['evt-1']);
  await harness.startSink();
});

afterAll(async () => {
  await harness?.close();
});

describe('link sink connection failures', () => {
  it('parks links with a diagnosis on a portal without Enterprise', async () => {
    const links = ['x', 'y'].map((name) =>
      link({ accountId: PROFESSIONAL_ACCOUNT, email: `${name}@example.test` }),
    );
    await harness.produceLinks(links);

    await waitFor(async () => (await parkedLinks(PROFESSIONAL_ACCOUNT)) === 2, 'both links parked');

    const stored = await health(PROFESSIONAL_ACCOUNT);
    expect(stored).toMatchObject({ state: 'unhealthy', code: 'HUBSPOT_CUSTOM_OBJECTS_UNAVAILABLE' });
    expect(stored?.fix).toContain('Enterprise');
    expect(await harness.linkSchema(professional)).toBeUndefined();
    expect(
      harness.sandbox.admin.requests({ path: '/crm/v3/objects/**', portalId: professional.portalId }),
    ).toEqual([]);
  });

  it('parks links until the missing schema scope is granted, then replays them', async () => {
    const waiting = link({ accountId: NO_SCHEMA_SCOPE_ACCOUNT, email: 'waiting@example.test' });
    await harness.produceLinks([waiting]);
    await waitFor(async () => (await parkedLinks(NO_SCHEMA_SCOPE_ACCOUNT)) === 1, 'link parked');

    const diagnosed = await health(NO_SCHEMA_SCOPE_ACCOUNT);
    expect(diagnosed).toMatchObject({ state: 'unhealthy', code: 'LINK_SINK_ERR_SCHEMA_MISSING' });
    expect(diagnosed?.fix).toContain('crm.schemas.custom.write');
    expect(await harness.linkSchema(enterprise)).toBeUndefined();

    // What the connector API does after the customer granted the scope: store the new scopes,
    // mark the connection healthy and announce the change.
    harness.sandbox.admin.setScopes(enterprise.token, FULL_SCOPES);
    await harness.models.Connection.updateOne(
      { accountId: NO_SCHEMA_SCOPE_ACCOUNT },
      {
        $set: { scopes: FULL_SCOPES, health: { state: 'healthy', since: new Date(), checkedAt: new Date() } },
      },
    );
    await harness.announce(NO_SCHEMA_SCOPE_ACCOUNT, 'connection.updated');

    await waitFor(async () => {
      const entry = await harness.models.SyncLedgerEntry.findOne({ key: linkLedgerKey(waiting) }).lean();
      return entry !== null && entry.pending == null;
    }, 'parked link replayed and applied');
    const schema = await harness.linkSchema(enterprise);
    const stored = await harness.storedLink(enterprise, schema!.objectTypeId, waiting.linkId);
    expect(stored?.properties['url']).toBe(waiting.url);
    expect(stored?.contactIds).toHaveLength(1);
    expect(await parkedLinks(NO_SCHEMA_SCOPE_ACCOUNT)).toBe(0);
  });

  it('resolves a schema create whose response was lost by lookup', async () => {
    harness.sandbox.admin.addFault({
      match: { path: '/crm-object-schemas/v3/schemas', method: 'POST', portalId: lostResponse.portalId },
      effect: { type: 'drop', when: 'after' },
      times: 1,
    });
    const created = link({ accountId: LOST_RESPONSE_ACCOUNT, email: 'lost@example.test' });
    await harness.produceLinks([created]);

    await waitFor(async () => {
      const entry = await harness.models.SyncLedgerEntry.findOne({ key: linkLedgerKey(created) }).lean();
      return entry !== null && entry.pending == null;
    }, 'link applied after the lost schema response');

    const creates = harness.sandbox.admin.requests({
      path: '/crm-object-schemas/v3/schemas',
      method: 'POST',
      portalId: lostResponse.portalId,
    });
    expect(creates.map((call) => call.status)).toEqual([0]);
    const schema = await harness.linkSchema(lostResponse);
    expect(
      (await harness.storedLink(lostResponse, schema!.objectTypeId, created.linkId))?.contactIds,
    ).toHaveLength(1);
  });
});
