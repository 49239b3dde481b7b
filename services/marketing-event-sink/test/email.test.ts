import { describe, expect, it } from 'vitest';

import { normalizeEmail } from '../src/participation/email.js';

describe('normalizeEmail', () => {
  it('trims and lower-cases addresses', () => {
    expect(normalizeEmail(' Attendee5@Example.TEST ')).toEqual({ ok: true, email: 'attendee5@example.test' });
  });

  it('rejects invalid addresses naming the value', () => {
    for (const value of ['not-an-email', 'a@b', '', 'ada@example..test', 'ada lovelace@example.test']) {
      const result = normalizeEmail(value);
      expect(result.ok, value).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('MARKETING_SINK_ERR_INVALID_EMAIL');
        expect(result.error.message).toContain(JSON.stringify(value));
        expect(result.error.details).toEqual({ field: 'contact.email', value });
      }
    }
  });

  it('rejects values that are not strings', () => {
    const result = normalizeEmail(undefined);
    expect(result.ok).toBe(false);
  });
});
