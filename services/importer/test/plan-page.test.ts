import { contactImportRecordSchema, accountImportRecordSchema } from '@oniva-hubspot/contracts';
import { contentHash } from '@oniva-hubspot/store';
import { describe, expect, it } from 'vitest';

import type { ImportSpec } from '../src/run/import-spec.js';
import { planPage, type ContactRead, type PriorImport } from '../src/run/plan-page.js';

const topics = { contactImports: 'contacts-topic', accountImports: 'accounts-topic' };

function eventSpec(mode: 'create' | 'upsert', importId = 'imp-2'): ImportSpec {
  return {
    importId,
    accountId: 'acc-1',
    listId: '42',
    mode,
    fieldMapping: [{ hubspotProperty: 'firstname', onivaField: 'firstName' }],
    target: { kind: 'event-contacts', workspaceId: 'ws-1', eventId: 'evt-1' },
  };
}

const found = (contactId: string, email: string, firstname = 'Ada'): ContactRead => ({
  kind: 'found',
  contactId,
  properties: { email, firstname },
});

const hashOf = (email: string, firstName = 'Ada') => contentHash({ email, firstName });

describe('planPage', () => {
  it('emits new contacts as created with the event key and mapped fields', () => {
    const plan = planPage({
      spec: eventSpec('create'),
      portalId: 77,
      topics,
      reads: [found('101', 'ada@example.com')],
      prior: new Map(),
    });

    expect(plan.records).toHaveLength(1);
    const [record] = plan.records;
    expect(record?.outcome).toBe('created');
    expect(record?.topic).toBe('contacts-topic');
    expect(record?.key).toBe('evt-1:101');
    const value = contactImportRecordSchema.parse(JSON.parse(record!.value.toString('utf8')));
    expect(value.contact).toEqual({ email: 'ada@example.com', firstName: 'Ada' });
    expect(value.hubspot).toEqual({ portalId: 77, contactId: '101', listId: '42' });
    expect(value.mode).toBe('create');
    expect(plan.tally).toMatchObject({ read: 1, created: 1, updated: 0, unchanged: 0 });
  });

  it('counts deleted, missing-email and invalid-email contacts as skipped', () => {
    const reads: ContactRead[] = [
      { kind: 'deleted', contactId: '1' },
      { kind: 'found', contactId: '2', properties: { email: null } },
      found('3', 'ada..lovelace@example.com'),
    ];

    const plan = planPage({ spec: eventSpec('create'), portalId: 77, topics, reads, prior: new Map() });

    expect(plan.records).toEqual([]);
    expect(plan.tally.read).toBe(3);
    expect(plan.tally.skipped).toEqual({ 'contact-deleted': 1, 'missing-email': 1, 'invalid-email': 1 });
  });

  it('counts per-contact HubSpot errors as failed', () => {
    const reads: ContactRead[] = [
      { kind: 'failed', contactId: '9', error: { code: 'HUBSPOT_VALIDATION_FAILED', message: 'bad' } },
    ];

    const plan = planPage({ spec: eventSpec('create'), portalId: 77, topics, reads, prior: new Map() });

    expect(plan.tally.failed).toBe(1);
    expect(plan.failures).toEqual([{ contactId: '9', code: 'HUBSPOT_VALIDATION_FAILED', message: 'bad' }]);
  });

  it('leaves contacts imported by another run alone in create mode', () => {
    const prior = new Map<string, PriorImport>([
      ['101', { contentHash: 'different', importId: 'imp-1', createdByThatRun: true }],
    ]);

    const plan = planPage({
      spec: eventSpec('create'),
      portalId: 77,
      topics,
      reads: [found('101', 'ada@example.com')],
      prior,
    });

    expect(plan.records).toEqual([]);
    expect(plan.tally).toMatchObject({ read: 1, created: 0, updated: 0, unchanged: 1 });
  });

  it('emits only changed contacts in upsert mode', () => {
    const prior = new Map<string, PriorImport>([
      ['101', { contentHash: hashOf('ada@example.com'), importId: 'imp-1', createdByThatRun: true }],
      ['102', { contentHash: hashOf('bob@example.com', 'Bob'), importId: 'imp-1', createdByThatRun: true }],
    ]);
    const reads = [
      found('101', 'ada@example.com'),
      found('102', 'bob@example.com', 'Robert'),
      found('103', 'cy@example.com'),
    ];

    const plan = planPage({ spec: eventSpec('upsert'), portalId: 77, topics, reads, prior });

    expect(plan.records.map((record) => [record.key, record.outcome])).toEqual([
      ['evt-1:102', 'updated'],
      ['evt-1:103', 'created'],
    ]);
    expect(plan.tally).toMatchObject({ read: 3, created: 1, updated: 1, unchanged: 1 });
  });

  it('counts contacts this run emitted before a restart as before without emitting again', () => {
    const prior = new Map<string, PriorImport>([
      ['101', { contentHash: hashOf('ada@example.com'), importId: 'imp-2', createdByThatRun: true }],
      ['102', { contentHash: hashOf('bob@example.com'), importId: 'imp-2', createdByThatRun: false }],
    ]);
    const reads = [found('101', 'ada@example.com'), found('102', 'bob@example.com')];

    const plan = planPage({ spec: eventSpec('upsert'), portalId: 77, topics, reads, prior });

    expect(plan.records).toEqual([]);
    expect(plan.tally).toMatchObject({ created: 1, updated: 1, unchanged: 0 });
  });

  it('builds account records keyed by account id', () => {
    const spec: ImportSpec = { ...eventSpec('upsert'), target: { kind: 'accounts', accountType: 'sso' } };

    const plan = planPage({
      spec,
      portalId: 77,
      topics,
      reads: [found('101', 'ada@example.com')],
      prior: new Map(),
    });

    const [record] = plan.records;
    expect(record?.topic).toBe('accounts-topic');
    expect(record?.key).toBe('acc-1:101');
    const value = accountImportRecordSchema.parse(JSON.parse(record!.value.toString('utf8')));
    expect(value.accountType).toBe('sso');
    expect(value.account).toEqual({ email: 'ada@example.com', firstName: 'Ada' });
  });
});
