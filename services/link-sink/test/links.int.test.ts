import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { linkLedgerKey } from '../src/ports.js';
import { LinkSinkHarness, link, waitFor, type TestPortal } from './support/harness.js';

const ACCOUNT_ID = 'acc-links';

let harness: LinkSinkHarness;
let portal: TestPortal;
let objectTypeId: string;

/** Waits until the link's ledger entry has `version` and no pending association. */
async function waitUntilApplied(record: ReturnType<typeof link>, version = record.version): Promise<void> {
  await waitFor(async () => {
    const entry = await harness.models.SyncLedgerEntry.findOne({ key: linkLedgerKey(record) }).lean();
    return entry?.version === version && entry.pending == null;
  }, `link ${record.linkId} version ${version} applied`);
}

/** Number of record upserts HubSpot received that named `linkId`. */
function upsertsOf(linkId: string): number {
  return harness.sandbox.admin
    .requests({ path: '/crm/v3/objects/*/batch/upsert', method: 'POST' })
    .filter((entry) => JSON.stringify(entry.body).includes(`"${linkId}"`)).length;
}

beforeAll(async () => {
  harness = await LinkSinkHarness.create();
  portal = await harness.addPortal({ portalId: 5101, accountId: ACCOUNT_ID, tier: 'enterprise' });
  await harness.activateEvents(ACCOUNT_ID, ['evt-flow', 'evt-order', 'evt-partial', 'evt-resume']);
  await harness.startSink();
});

afterAll(async () => {
  await harness?.close();
});

describe('link sink on an Enterprise portal', () => {
  it('writes links as records associated with the contact', async () => {
    const first = link({ accountId: ACCOUNT_ID, eventId: 'evt-flow', email: 'Ada@Example.test' });
    const second = link({ accountId: ACCOUNT_ID, eventId: 'evt-flow', email: 'grace@example.test' });
    await harness.produceLinks([first, second]);
    await waitUntilApplied(first);
    await waitUntilApplied(second);

    const schema = await harness.linkSchema(portal);
    expect(schema).toBeDefined();
    objectTypeId = schema!.objectTypeId;
    const stored = await harness.storedLink(portal, objectTypeId, first.linkId);
    const contact = harness.sandbox.admin.contactByEmail(portal.portalId, 'ada@example.test');
    expect(stored?.properties).toMatchObject({
      oniva_link_id: first.linkId,
      url: first.url,
      oniva_event_id: 'evt-flow',
      contact_email: 'ada@example.test',
    });
    expect(stored?.contactIds).toEqual([contact!.id]);
    expect(await harness.linksOfContact(portal, objectTypeId, 'grace@example.test')).toHaveLength(1);
  });

  it('caches the schema with type ids from the labels endpoint', async () => {
    const cached = await harness.models.CustomObjectSchema.findOne({ portalId: portal.portalId }).lean();
    const response = await fetch(
      `${harness.sandbox.url}/crm/v4/associations/${objectTypeId}/contacts/labels`,
      {
        headers: { authorization: `Bearer ${portal.token}` },
      },
    );
    const labels = (await response.json()) as { results: { category: string; typeId: number }[] };

    expect(cached).toMatchObject({ objectTypeId, name: 'oniva_event_link', uniqueProperty: 'oniva_link_id' });
    expect(labels.results).toContainEqual(
      expect.objectContaining({ category: 'USER_DEFINED', typeId: cached!.associationTypeIds.toContact }),
    );
    expect(
      harness.sandbox.admin.requests({ path: '/crm-object-schemas/v3/schemas', method: 'POST' }),
    ).toHaveLength(1);
  });

  it('keeps newest url per link when versions repeat and reorder', async () => {
    const base = { accountId: ACCOUNT_ID, eventId: 'evt-order', email: 'order@example.test' };
    const v1 = link({ ...base, version: 1, url: 'https://events.example.test/v1' });
    const v2 = { ...v1, version: 2, url: 'https://events.example.test/v2' };
    const v3 = { ...v1, version: 3, url: 'https://events.example.test/v3' };
    await harness.produceLinks([v2, v1, v3, v2, v3]);
    await waitUntilApplied(v1, 3);

    // A late copy of an old version, then a marker on the same partition: once the marker is
    // applied, the late copy has been processed before it.
    const marker = link({ ...base, email: 'marker@example.test' });
    await harness.produceLinks([v1, v2, marker]);
    await waitUntilApplied(marker);

    const stored = await harness.storedLink(portal, objectTypeId, v1.linkId);
    expect(stored?.properties['url']).toBe('https://events.example.test/v3');
    expect(await harness.linksOfContact(portal, objectTypeId, 'order@example.test')).toEqual([stored!.id]);
  });

  it('clears the url and keeps the record when a link is revoked', async () => {
    const generated = link({ accountId: ACCOUNT_ID, eventId: 'evt-order', email: 'revoked@example.test' });
    const revoked = { ...generated, type: 'link.revoked' as const, version: 2 };
    await harness.produceLinks([generated, revoked]);
    await waitUntilApplied(generated, 2);

    const stored = await harness.storedLink(portal, objectTypeId, generated.linkId);
    expect(stored?.properties['url'] ?? '').toBe('');
    expect(stored?.contactIds).toHaveLength(1);
  });

  it('dead-letters only the failed link of a 207 partial failure', async () => {
    const base = { accountId: ACCOUNT_ID, eventId: 'evt-partial' };
    const [a, b, c] = ['a', 'b', 'c'].map((name) => link({ ...base, email: `${name}@example.test` }));
    harness.sandbox.admin.addFault({
      match: { path: '/crm/v3/objects/contacts/batch/upsert' },
      effect: { type: 'partialFailure', inputs: ['c@example.test'] },
      times: 1,
    });
    await harness.produceLinks([a!, b!, c!]);

    const [deadLetter] = await harness.readTopic(`${harness.topics.links}.dlq`, 1);
    await waitUntilApplied(a!);
    await waitUntilApplied(b!);

    expect(deadLetter).toMatchObject({
      reason: 'hubspot-rejected',
      error: { code: 'HUBSPOT_VALIDATION_FAILED' },
    });
    expect(JSON.stringify(deadLetter)).toContain(c!.linkId);
    expect(await harness.storedLink(portal, objectTypeId, c!.linkId)).toBeUndefined();
    expect(upsertsOf(a!.linkId)).toBe(1);
  });

  it('resumes at the association when it failed after the record write', async () => {
    const resumed = link({ accountId: ACCOUNT_ID, eventId: 'evt-resume', email: 'resume@example.test' });
    // Three 502s use up the gateway's in-process attempts, so the link goes to the retry tier.
    harness.sandbox.admin.addFault({
      match: { path: '/crm/v4/associations/*/*/batch/create' },
      effect: { type: 'status', status: 502, html: true },
      times: 3,
    });
    await harness.produceLinks([resumed]);
    await waitUntilApplied(resumed);

    const associationCalls = harness.sandbox.admin.requests({
      path: '/crm/v4/associations/*/*/batch/create',
    });
    const stored = await harness.storedLink(portal, objectTypeId, resumed.linkId);
    expect(stored?.contactIds).toHaveLength(1);
    expect(upsertsOf(resumed.linkId)).toBe(1);
    expect(associationCalls.slice(-4).map((call) => call.status)).toEqual([502, 502, 502, 201]);
  });
});
