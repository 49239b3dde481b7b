import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { ContractsError } from '../src/errors.js';
import { encodeRecord } from '../src/encode.js';
import { contactImportRecordSchema } from '../src/imports.js';
import type { ContactImportRecord } from '../src/imports.js';

const record = JSON.parse(
  readFileSync(new URL('../fixtures/valid/oniva.contact-imports.v1.create.json', import.meta.url), 'utf8'),
) as ContactImportRecord;

describe('encodeRecord', () => {
  it('serializes a valid record as UTF-8 JSON', () => {
    const value = encodeRecord(contactImportRecordSchema, record);

    expect(JSON.parse(value.toString('utf8'))).toEqual(record);
  });

  it('throws a non-retryable error naming the invalid field', () => {
    let error: unknown;
    try {
      encodeRecord(contactImportRecordSchema, {
        ...record,
        contact: { ...record.contact, email: 'maria at example' },
      });
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(ContractsError);
    expect((error as ContractsError).code).toBe('CONTRACTS_ERR_INVALID_RECORD');
    expect((error as ContractsError).retryable).toBe(false);
    expect((error as ContractsError).message).toBe(
      'Invalid record: contact.email: expected an email address, received "maria at example".',
    );
  });
});
