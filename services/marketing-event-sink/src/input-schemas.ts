import { bookingRecordSchema } from '@oniva-hubspot/contracts';
import { z } from 'zod';

/**
 * Schema the sink decodes bookings with: the contract's schema, after surrounding spaces are
 * trimmed from `contact.email`. The same person arrives as " Ada@Example.test " and
 * "ada@example.test"; the sink treats both as one participant instead of dead-lettering the
 * first as a schema violation. Every other rule of the contract applies unchanged.
 */
export const bookingInputSchema = z.preprocess(trimContactEmail, bookingRecordSchema);

function trimContactEmail(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return value;
  }
  const contact = (value as { contact?: unknown }).contact;
  if (typeof contact !== 'object' || contact === null || Array.isArray(contact)) {
    return value;
  }
  const email = (contact as { email?: unknown }).email;
  if (typeof email !== 'string') {
    return value;
  }
  return { ...value, contact: { ...contact, email: email.trim() } };
}
