import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { ALL_CONTRACTS, DEAD_LETTER_CONTRACT, TOPIC_CONTRACTS } from '../src/contracts.js';
import { TOPICS } from '../src/topics.js';
import { loadFixtures } from './fixtures.js';

describe('TOPIC_CONTRACTS', () => {
  it('has one contract per default topic', () => {
    expect(Object.keys(TOPIC_CONTRACTS).sort()).toEqual(Object.keys(TOPICS).sort());
    for (const [name, contract] of Object.entries(TOPIC_CONTRACTS)) {
      expect(contract.topic).toBe(TOPICS[name as keyof typeof TOPICS]);
    }
  });

  it('gives every contract its own schema file', () => {
    const files = ALL_CONTRACTS.map((contract) => contract.schemaFile);

    expect(new Set(files).size).toBe(files.length);
  });
});

describe('keyOf', () => {
  const keys: Record<string, string | null> = {
    'oniva.bookings.v1.booking-created.json': 'evt_77120',
    'oniva.events.v1.event-created.json': 'evt_77120',
    'oniva.links.v1.link-generated.json': 'evt_77120',
    'oniva.contact-imports.v1.create.json': 'evt_77120:51234',
    'oniva.account-imports.v1.sso-account.json': 'acc_4821:51877',
    'connector.import-status.v1.running.json': 'imp_6f1c2d',
    'connector.import-requests.v1.accounts.json': 'imp_8a3e90',
    'connector.config-changes.v1.status-mapping-changed.json': 'acc_4821',
    'dead-letter.schema-violation.json': 'evt_77120',
    'dead-letter.base64-value.json': null,
  };
  const fixtures = loadFixtures('valid').filter((fixture) => fixture.fileName in keys);

  it.each(fixtures.map((fixture) => [fixture.fileName, fixture] as const))(
    'returns the key of %s',
    (name, fixture) => {
      const record = fixture.contract.schema.parse(JSON.parse(fixture.text));

      expect(fixture.contract.keyOf(record)).toBe(keys[name]);
    },
  );

  it('covers every fixture listed', () => {
    expect(fixtures).toHaveLength(Object.keys(keys).length);
  });

  it('uses the original key for dead-letter records', () => {
    const text = readFileSync(
      new URL('../fixtures/valid/dead-letter.retries-exhausted.json', import.meta.url),
      'utf8',
    );
    const record = DEAD_LETTER_CONTRACT.schema.parse(JSON.parse(text));

    expect(DEAD_LETTER_CONTRACT.keyOf(record)).toBe(record.source.key);
  });
});
