import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import {
  toFieldIssues,
  zodValidatorCompiler,
  type RequestValidationIssue,
} from '../../src/http/validation.js';

const schema = z.strictObject({
  accessToken: z.string().min(16),
  features: z.strictObject({ contactImport: z.boolean() }),
});

function validate(data: unknown): RequestValidationIssue[] {
  const validator = zodValidatorCompiler({ schema, method: 'POST', url: '/x', httpPart: 'body' });
  const result = validator(data) as { error?: unknown; value?: unknown };
  return (result.error ?? []) as RequestValidationIssue[];
}

describe('zodValidatorCompiler', () => {
  it('returns the parsed value when the data is valid', () => {
    const validator = zodValidatorCompiler({ schema, method: 'POST', url: '/x', httpPart: 'body' });
    const data = { accessToken: 'x'.repeat(16), features: { contactImport: true } };

    expect(validator(data)).toEqual({ value: data });
  });

  it('names the received type of a wrong value', () => {
    const issues = validate({ accessToken: 'x'.repeat(16), features: { contactImport: 'yes' } });

    expect(toFieldIssues('body', issues)).toEqual([
      { field: 'body.features.contactImport', message: 'expected a boolean, received a string' },
    ]);
  });

  it('says that a field is missing', () => {
    const issues = validate({ accessToken: 'x'.repeat(16) });

    expect(issues[0]?.message).toBe('expected an object, but the field is missing');
  });

  it('names an unknown field and tells to remove it', () => {
    const issues = validate({ accessToken: 'x'.repeat(16), features: { contactImport: true }, extra: 1 });

    expect(issues[0]?.message).toBe(
      'unknown field "extra"; remove it, the API accepts only documented fields',
    );
  });

  it('never repeats the received value', () => {
    const secret = 'pat-na1-short';
    const issues = validate({ accessToken: secret, features: { contactImport: secret } });

    expect(JSON.stringify(issues)).not.toContain(secret);
  });
});
