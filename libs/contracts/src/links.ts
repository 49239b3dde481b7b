import { z } from 'zod';

import {
  httpUrlSchema,
  idSchema,
  isoDateTimeSchema,
  schemaVersionSchema,
  sourceVersionSchema,
} from './primitives.js';
import { contactSchema } from './snapshots.js';

/** Values of `type` on `oniva.links.v1`. Any other value is decoded as `unknown-type`. */
export const LINK_TYPES = ['link.generated', 'link.revoked'] as const;

/** A value of `type` on `oniva.links.v1`. */
export type LinkType = (typeof LINK_TYPES)[number];

/** Value of `oniva.links.v1`: a personal event link was generated or revoked. Key: `eventId`. */
export const linkRecordSchema = z.looseObject({
  schemaVersion: schemaVersionSchema,
  type: z.enum(LINK_TYPES),
  linkId: idSchema,
  accountId: idSchema.describe('Oniva account id; selects the HubSpot connection.'),
  workspaceId: idSchema,
  eventId: idSchema,
  contact: contactSchema,
  url: httpUrlSchema.describe('Personal event link of the contact.'),
  version: sourceVersionSchema,
  occurredAt: isoDateTimeSchema,
});

/** Value of `oniva.links.v1`. */
export type LinkRecord = z.infer<typeof linkRecordSchema>;
