import { describe, expect, it } from 'vitest';

import { ImporterError } from '../src/errors.js';
import { importSpecOf, targetKeyOf } from '../src/run/import-spec.js';

const fieldMapping = [{ hubspotProperty: 'firstname', onivaField: 'firstName' }];

describe('importSpecOf', () => {
  it('reads an event-contacts request', () => {
    const spec = importSpecOf({
      importId: 'imp-1',
      accountId: 'acc-1',
      request: {
        target: 'event-contacts',
        listId: '42',
        mode: 'create',
        fieldMapping,
        workspaceId: 'ws-1',
        eventId: 'evt-1',
      },
    });

    expect(spec).toEqual({
      importId: 'imp-1',
      accountId: 'acc-1',
      listId: '42',
      mode: 'create',
      fieldMapping,
      target: { kind: 'event-contacts', workspaceId: 'ws-1', eventId: 'evt-1' },
    });
  });

  it('reads an accounts request', () => {
    const spec = importSpecOf({
      importId: 'imp-1',
      accountId: 'acc-1',
      request: { target: 'accounts', listId: '42', mode: 'upsert', fieldMapping, accountType: 'sso' },
    });

    expect(spec.target).toEqual({ kind: 'accounts', accountType: 'sso' });
  });

  it('rejects an event-contacts request without event id', () => {
    const read = () =>
      importSpecOf({
        importId: 'imp-1',
        accountId: 'acc-1',
        request: {
          target: 'event-contacts',
          listId: '42',
          mode: 'create',
          fieldMapping,
          workspaceId: 'ws-1',
        },
      });

    expect(read).toThrow(ImporterError);
    expect(read).toThrow(/imp-1 has an invalid request \(eventId: /);
  });
});

describe('targetKeyOf', () => {
  it('keys event targets by account, event and portal', () => {
    const target = { kind: 'event-contacts', workspaceId: 'ws-1', eventId: 'evt-9' } as const;

    expect(targetKeyOf({ accountId: 'acc-1', target }, 123)).toBe('event-contacts:acc-1:evt-9:123');
  });

  it('keys account targets by account, account type and portal', () => {
    const target = { kind: 'accounts', accountType: 'sso' } as const;

    expect(targetKeyOf({ accountId: 'acc-1', target }, 123)).toBe('accounts:acc-1:sso:123');
  });
});
