import { emailSchema } from '@oniva-hubspot/contracts';

import { SinkError } from '../errors.js';

/** Result of `normalizeEmail`. */
export type NormalizedEmail = { ok: true; email: string } | { ok: false; error: SinkError };

/**
 * Trims and lower-cases an email address and checks its syntax. HubSpot matches contacts on the
 * lower-cased primary email, so " Ada@Example.test " and "ada@example.test" are one participant.
 * An invalid address fails before any HubSpot call, naming the received value.
 */
export function normalizeEmail(raw: unknown): NormalizedEmail {
  if (typeof raw !== 'string') {
    return { ok: false, error: invalidEmail(raw, 'expected a string') };
  }

  const email = raw.trim().toLowerCase();
  if (!emailSchema.safeParse(email).success) {
    return { ok: false, error: invalidEmail(raw, 'expected an email address such as ada@example.com') };
  }
  return { ok: true, email };
}

function invalidEmail(raw: unknown, expected: string): SinkError {
  return new SinkError(
    'MARKETING_SINK_ERR_INVALID_EMAIL',
    `Invalid contact.email ${JSON.stringify(raw) ?? String(raw)}: ${expected}; correct the contact in Oniva`,
    { details: { field: 'contact.email', value: raw } },
  );
}
