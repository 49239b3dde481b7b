import { describe, expect, it } from 'vitest';

import { keepNewestPerLink, planSteps } from '../src/links/plan-steps.js';
import type { LinkCandidate } from '../src/links/prepare-link.js';
import type { LinkLedgerState } from '../src/ports.js';
import { connection, linkRecord } from './support/fakes.js';

function candidate(index: number, key: string, version: number): LinkCandidate {
  return {
    index,
    link: linkRecord({ version }),
    key,
    email: 'ada@example.test',
    occurredAt: new Date('2025-06-01T10:00:00Z'),
    connection: connection(),
  };
}

function ledgerEntry(overrides: Partial<LinkLedgerState>): LinkLedgerState {
  return { version: 1, objectId: '30000001', contactId: '1001', associationPending: false, ...overrides };
}

describe('keepNewestPerLink', () => {
  it('keeps the highest version per key', () => {
    const [a2, a1, b1] = [candidate(0, 'a', 2), candidate(1, 'a', 1), candidate(2, 'b', 1)];

    const { newest, superseded } = keepNewestPerLink([a2, a1, b1]);

    expect(newest).toEqual([a2, b1]);
    expect(superseded).toEqual([a1]);
  });

  it('keeps the later record when versions tie', () => {
    const [first, second] = [candidate(0, 'a', 3), candidate(1, 'a', 3)];

    expect(keepNewestPerLink([first, second]).newest).toEqual([second]);
  });
});

describe('planSteps', () => {
  it('writes a link the ledger does not know', () => {
    const link = candidate(0, 'a', 1);

    expect(planSteps([link], new Map())).toEqual({ steps: [{ kind: 'write', candidate: link }], stale: [] });
  });

  it('writes a version above the ledger version', () => {
    const link = candidate(0, 'a', 2);

    const { steps } = planSteps([link], new Map([['a', ledgerEntry({ version: 1 })]]));

    expect(steps).toEqual([{ kind: 'write', candidate: link }]);
  });

  it('resumes at the association when the same version is pending', () => {
    const link = candidate(0, 'a', 1);

    const { steps } = planSteps([link], new Map([['a', ledgerEntry({ associationPending: true })]]));

    expect(steps).toEqual([{ kind: 'associate', candidate: link, objectId: '30000001', contactId: '1001' }]);
  });

  it('writes again when a pending entry lacks the record id', () => {
    const link = candidate(0, 'a', 1);
    const entry = ledgerEntry({ associationPending: true, objectId: undefined });

    expect(planSteps([link], new Map([['a', entry]])).steps).toEqual([{ kind: 'write', candidate: link }]);
  });

  it.each([
    ['an applied equal version', ledgerEntry({ version: 1 })],
    ['a newer applied version', ledgerEntry({ version: 2 })],
    ['a newer pending version', ledgerEntry({ version: 2, associationPending: true })],
  ])('drops the link as stale against %s', (_case, entry) => {
    const link = candidate(0, 'a', 1);

    expect(planSteps([link], new Map([['a', entry]]))).toEqual({ steps: [], stale: [link] });
  });
});
