import { linkRecordSchema, type LinkRecord } from '@oniva-hubspot/contracts';
import { z } from 'zod';

/**
 * Schema the sink decodes `oniva.links.v1` values with: the contract's schema, applied after
 * surrounding whitespace is removed from `contact.email`. Oniva sends the same person as
 * " Ada@Example.test " and "ada@example.test"; the sink treats both as one contact instead of
 * dead-lettering the first. Every other rule of the contract applies unchanged.
 */
export const linkInputSchema: z.ZodType<LinkRecord> = z.preprocess(trimContactEmail, linkRecordSchema);

function trimContactEmail(value: unknown): unknown {
  if (!isPlainObject(value) || !isPlainObject(value['contact'])) {
    return value;
  }
  const contact = value['contact'];
  const email = contact['email'];
  return typeof email === 'string' ? { ...value, contact: { ...contact, email: email.trim() } } : value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
