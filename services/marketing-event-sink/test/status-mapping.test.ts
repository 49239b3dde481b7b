import { describe, expect, it } from 'vitest';

import {
  DEFAULT_STATUS_MAPPING,
  effectiveStatusMapping,
  resolveStatus,
} from '../src/enrichment/status-mapping.js';

describe('status mapping', () => {
  it('maps the documented statuses by default', () => {
    expect(resolveStatus(DEFAULT_STATUS_MAPPING, 'registered')).toBe('register');
    expect(resolveStatus(DEFAULT_STATUS_MAPPING, 'confirmed')).toBe('register');
    expect(resolveStatus(DEFAULT_STATUS_MAPPING, 'attended')).toBe('attend');
    expect(resolveStatus(DEFAULT_STATUS_MAPPING, 'declined')).toBe('cancel');
    expect(resolveStatus(DEFAULT_STATUS_MAPPING, 'cancelled')).toBe('cancel');
  });

  it('leaves unknown statuses unmapped', () => {
    expect(resolveStatus(DEFAULT_STATUS_MAPPING, 'waitlisted')).toBeUndefined();
    expect(resolveStatus(DEFAULT_STATUS_MAPPING, 'toString')).toBeUndefined();
    expect(resolveStatus(DEFAULT_STATUS_MAPPING, '__proto__')).toBeUndefined();
  });

  it('applies connection overrides over the defaults', () => {
    const mapping = effectiveStatusMapping({ waitlisted: 'register', declined: 'ignore' });
    expect(resolveStatus(mapping, 'waitlisted')).toBe('register');
    expect(resolveStatus(mapping, 'declined')).toBe('ignore');
    expect(resolveStatus(mapping, 'attended')).toBe('attend');
  });

  it('drops override targets that are not subscriber states', () => {
    const mapping = effectiveStatusMapping({ attended: 'ATTENDED', waitlisted: 'maybe' });
    expect(resolveStatus(mapping, 'attended')).toBeUndefined();
    expect(resolveStatus(mapping, 'waitlisted')).toBeUndefined();
  });
});
