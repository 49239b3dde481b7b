import { emailSchema, type FieldMapping } from '@oniva-hubspot/contracts';

/** Reasons a contact read from HubSpot is not imported. */
export const SKIP_REASONS = ['contact-deleted', 'missing-email', 'invalid-email'] as const;

/** Reason a contact was skipped, used as a key of `skippedByReason`. */
export type SkipReason = (typeof SKIP_REASONS)[number];

/** Oniva field name → string value; `email` is always present. */
export type MappedFields = { email: string } & Record<string, string>;

/** Result of mapping one HubSpot contact. */
export type MappedContact =
  | { ok: true; fields: MappedFields }
  | { ok: false; reason: Extract<SkipReason, 'missing-email' | 'invalid-email'>; value?: string };

/** HubSpot contact property values as the batch read returns them; unset properties may be null. */
export type HubSpotProperties = Readonly<Record<string, string | null | undefined>>;

const EMAIL_FIELD = 'email';

/** Returns the HubSpot property that supplies the Oniva `email` field: a mapped one, else `email`. */
export function emailPropertyOf(mapping: readonly FieldMapping[]): string {
  return mapping.find((entry) => entry.onivaField === EMAIL_FIELD)?.hubspotProperty ?? EMAIL_FIELD;
}

/** Returns the HubSpot properties a batch read must request: the email property and every mapped one. */
export function propertiesToRead(mapping: readonly FieldMapping[]): string[] {
  return [...new Set([emailPropertyOf(mapping), ...mapping.map((entry) => entry.hubspotProperty)])];
}

/**
 * Maps one HubSpot contact to Oniva fields. The email is trimmed and lower-cased and must pass the
 * same check as the topic schema, otherwise the contact is skipped. Every mapped field is present
 * in the result: a property that is unset in HubSpot becomes an empty string, so that an
 * add-or-update import clears the Oniva field too.
 */
export function mapContact(properties: HubSpotProperties, mapping: readonly FieldMapping[]): MappedContact {
  const rawEmail = properties[emailPropertyOf(mapping)];
  const email = rawEmail?.trim().toLowerCase() ?? '';
  if (email === '') {
    return { ok: false, reason: 'missing-email' };
  }
  if (!emailSchema.safeParse(email).success) {
    return { ok: false, reason: 'invalid-email', value: email };
  }

  const fields: MappedFields = { email };
  for (const { hubspotProperty, onivaField } of mapping) {
    if (onivaField === EMAIL_FIELD) continue;
    fields[onivaField] = properties[hubspotProperty] ?? '';
  }
  return { ok: true, fields };
}
