import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';

import { ALL_CONTRACTS } from '../src/contracts.js';
import { JSON_SCHEMA_ID_PREFIX, buildJsonSchemaFiles } from '../src/json-schema.js';
import { loadFixtures, loadInvalidExpectations } from './fixtures.js';

const schemaDir = fileURLToPath(new URL('../json-schema/', import.meta.url));
const generated = buildJsonSchemaFiles();
const REGENERATE =
  'The committed JSON Schema files differ from the zod schemas. Run `npm run schemas` and commit the result.';

describe('committed JSON Schema files', () => {
  it('match the zod schemas', () => {
    for (const file of generated) {
      const filePath = path.join(schemaDir, file.fileName);
      expect(existsSync(filePath), `${file.fileName} is missing. ${REGENERATE}`).toBe(true);
      const committed = readFileSync(filePath, 'utf8');

      expect(committed, `${file.fileName}: ${REGENERATE}`).toBe(file.content);
    }
  });

  it('include no file of a removed topic', () => {
    const committed = readdirSync(schemaDir)
      .filter((name) => name.endsWith('.schema.json'))
      .sort();

    expect(committed, REGENERATE).toEqual(generated.map((file) => file.fileName).sort());
  });
});

describe('generated JSON Schemas', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const validators = new Map(
    ALL_CONTRACTS.map((contract) => {
      const file = generated.find((candidate) => candidate.fileName === `${contract.schemaFile}.schema.json`);
      return [contract.schemaFile, ajv.compile(JSON.parse(file!.content) as object)] as const;
    }),
  );

  it('carry an $id, title and description', () => {
    for (const file of generated) {
      const schema = JSON.parse(file.content) as Record<string, unknown>;

      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id).toBe(`${JSON_SCHEMA_ID_PREFIX}${file.fileName.replace(/\.schema\.json$/, '')}`);
      expect(schema.title).toEqual(expect.any(String));
      expect(schema.description).toEqual(expect.stringContaining('Key:'));
    }
  });

  it.each(loadFixtures('valid').map((fixture) => [fixture.fileName, fixture] as const))(
    'accept valid fixture %s',
    (_name, fixture) => {
      const validate = validators.get(fixture.contract.schemaFile)!;

      expect(validate(JSON.parse(fixture.text)), JSON.stringify(validate.errors)).toBe(true);
    },
  );

  const expectations = loadInvalidExpectations();
  const catchable = loadFixtures('invalid').filter(
    (fixture) => expectations[fixture.fileName]?.jsonSchemaCatches !== false,
  );

  it.each(catchable.map((fixture) => [fixture.fileName, fixture] as const))(
    'reject invalid fixture %s',
    (_name, fixture) => {
      const validate = validators.get(fixture.contract.schemaFile)!;

      expect(validate(JSON.parse(fixture.text))).toBe(false);
    },
  );
});
