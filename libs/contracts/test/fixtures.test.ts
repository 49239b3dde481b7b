import { describe, expect, it } from 'vitest';

import { decodeRecord } from '../src/decode.js';
import { listFixtureFiles, loadFixtures, loadInvalidExpectations } from './fixtures.js';

const validFixtures = loadFixtures('valid');
const invalidFixtures = loadFixtures('invalid');
const expectations = loadInvalidExpectations();

describe('valid fixtures', () => {
  it('cover every topic contract', () => {
    const covered = new Set(validFixtures.map((fixture) => fixture.contract.schemaFile));
    const contracts = new Set(invalidFixtures.map((fixture) => fixture.contract.schemaFile));
    for (const schemaFile of contracts) {
      expect(covered, `no valid fixture for ${schemaFile}`).toContain(schemaFile);
    }
  });

  it.each(validFixtures.map((fixture) => [fixture.fileName, fixture] as const))(
    '%s decodes',
    (_name, fixture) => {
      const result = decodeRecord(fixture.contract.schema, fixture.text);

      expect(result.ok ? 'ok' : result.error.message).toBe('ok');
    },
  );

  it.each(validFixtures.map((fixture) => [fixture.fileName, fixture] as const))(
    '%s keeps every field it carries',
    (_name, fixture) => {
      const result = decodeRecord(fixture.contract.schema, fixture.text);

      expect(result).toEqual({ ok: true, value: JSON.parse(fixture.text) as unknown });
    },
  );
});

describe('invalid fixtures', () => {
  it('each have exactly one expectation in _expect.json', () => {
    const files = listFixtureFiles('invalid');

    expect(Object.keys(expectations).sort()).toEqual(files);
  });

  it.each(invalidFixtures.map((fixture) => [fixture.fileName, fixture] as const))(
    '%s fails for the documented reason',
    (name, fixture) => {
      const expected = expectations[name];
      const result = decodeRecord(fixture.contract.schema, fixture.text);

      expect(expected, `missing _expect.json entry for ${name}`).toBeDefined();
      expect(result.ok).toBe(false);
      if (result.ok || expected === undefined) {
        return;
      }
      expect(result.reason).toBe(expected.reason);
      expect(result.error.issues.map((issue) => issue.path)).toEqual([expected.path]);
      expect(result.error.message).toContain(`${expected.path}: expected`);
    },
  );
});
