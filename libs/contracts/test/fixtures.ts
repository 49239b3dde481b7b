// Loads the fixture files and finds the contract of each one by its file name prefix.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

import { ALL_CONTRACTS } from '../src/contracts.js';
import type { TopicContract } from '../src/contracts.js';
import type { DecodeFailureReason } from '../src/decode.js';

export const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Expected failure of one invalid fixture, from `fixtures/invalid/_expect.json`. */
export interface InvalidFixtureExpectation {
  reason: DecodeFailureReason;
  /** Path of the failing field, as `FieldIssue.path` formats it. */
  path: string;
  note: string;
  /** False when only a zod refinement catches the error, so the JSON Schema accepts the fixture. */
  jsonSchemaCatches?: boolean;
}

export interface Fixture {
  fileName: string;
  text: string;
  contract: TopicContract;
}

export function loadFixtures(kind: 'valid' | 'invalid'): Fixture[] {
  const dir = path.join(fixturesDir, kind);
  return listFixtureFiles(kind).map((fileName) => ({
    fileName,
    text: readFileSync(path.join(dir, fileName), 'utf8'),
    contract: contractOf(fileName),
  }));
}

export function listFixtureFiles(kind: 'valid' | 'invalid'): string[] {
  return readdirSync(path.join(fixturesDir, kind))
    .filter((name) => name.endsWith('.json') && !name.startsWith('_'))
    .sort();
}

export function loadInvalidExpectations(): Record<string, InvalidFixtureExpectation> {
  const text = readFileSync(path.join(fixturesDir, 'invalid', '_expect.json'), 'utf8');
  return JSON.parse(text) as Record<string, InvalidFixtureExpectation>;
}

function contractOf(fileName: string): TopicContract {
  const contract = ALL_CONTRACTS.find((candidate) => fileName.startsWith(`${candidate.schemaFile}.`));
  if (contract === undefined) {
    throw new Error(`Fixture ${fileName} does not start with the name of a topic or "dead-letter".`);
  }
  return contract;
}
