import { describe, expect, it } from 'vitest';

import { emailPropertyOf, mapContact, propertiesToRead } from '../src/mapping/map-contact.js';

const mapping = [
  { hubspotProperty: 'firstname', onivaField: 'firstName' },
  { hubspotProperty: 'company', onivaField: 'company' },
];

describe('mapContact', () => {
  it('maps properties to Oniva fields when the email is valid', () => {
    const mapped = mapContact({ email: 'ada@example.com', firstname: 'Ada', company: 'Analytical' }, mapping);

    expect(mapped).toEqual({
      ok: true,
      fields: { email: 'ada@example.com', firstName: 'Ada', company: 'Analytical' },
    });
  });

  it('trims and lower-cases the email', () => {
    const mapped = mapContact({ email: '  Ada@Example.COM ' }, []);

    expect(mapped).toEqual({ ok: true, fields: { email: 'ada@example.com' } });
  });

  it('writes an empty string when a mapped property is unset', () => {
    const mapped = mapContact({ email: 'ada@example.com', firstname: null }, mapping);

    expect(mapped).toEqual({ ok: true, fields: { email: 'ada@example.com', firstName: '', company: '' } });
  });

  it.each([
    ['missing', {}],
    ['null', { email: null }],
    ['blank', { email: '   ' }],
  ])('skips as missing-email when the email is %s', (_case, properties) => {
    expect(mapContact(properties, mapping)).toEqual({ ok: false, reason: 'missing-email' });
  });

  it.each(['ada..lovelace@example.com', 'ada@example', 'jörg@example.com', 'not an email'])(
    'skips as invalid-email for %s',
    (email) => {
      const mapped = mapContact({ email }, mapping);

      expect(mapped.ok).toBe(false);
      expect(mapped).toMatchObject({ reason: 'invalid-email' });
    },
  );

  it('reads the email from the property mapped to the email field', () => {
    const withWorkEmail = [...mapping, { hubspotProperty: 'work_email', onivaField: 'email' }];

    const mapped = mapContact(
      { email: 'private@example.com', work_email: 'ada@work.example' },
      withWorkEmail,
    );

    expect(mapped).toEqual({ ok: true, fields: { email: 'ada@work.example', firstName: '', company: '' } });
  });
});

describe('propertiesToRead', () => {
  it('requests email and each mapped property once', () => {
    const properties = propertiesToRead([
      ...mapping,
      { hubspotProperty: 'firstname', onivaField: 'givenName' },
    ]);

    expect(properties).toEqual(['email', 'firstname', 'company']);
  });

  it('requests the mapped email property instead of email', () => {
    const withWorkEmail = [{ hubspotProperty: 'work_email', onivaField: 'email' }];

    expect(emailPropertyOf(withWorkEmail)).toBe('work_email');
    expect(propertiesToRead(withWorkEmail)).toEqual(['work_email']);
  });
});
