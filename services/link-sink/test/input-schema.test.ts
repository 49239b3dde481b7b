import { describe, expect, it } from 'vitest';

import { linkInputSchema } from '../src/input-schema.js';
import { linkRecord } from './support/fakes.js';

describe('linkInputSchema', () => {
  it('accepts an email with surrounding spaces', () => {
    const parsed = linkInputSchema.safeParse(linkRecord({ email: '  Ada@Example.test ' }));

    expect(parsed.success).toBe(true);
    expect(parsed.data?.contact.email).toBe('Ada@Example.test');
  });

  it('rejects an email that is invalid after trimming', () => {
    expect(linkInputSchema.safeParse(linkRecord({ email: ' not an email ' })).success).toBe(false);
  });

  it('rejects a record without a contact', () => {
    const { contact: _contact, ...withoutContact } = linkRecord();

    expect(linkInputSchema.safeParse(withoutContact).success).toBe(false);
  });
});
