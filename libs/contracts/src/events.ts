import { z } from 'zod';

import { idSchema, isoDateTimeSchema, schemaVersionSchema, sourceVersionSchema } from './primitives.js';
import { checkSnapshotMatchesEventId, eventSnapshotSchema } from './snapshots.js';

/** Values of `type` on `oniva.events.v1`. Any other value is decoded as `unknown-type`. */
export const EVENT_TYPES = ['event.created', 'event.updated', 'event.cancelled', 'event.completed'] as const;

/** A value of `type` on `oniva.events.v1`. */
export type EventType = (typeof EVENT_TYPES)[number];

/** Value of `oniva.events.v1`: an Oniva event was created, changed, cancelled or completed. Key: `eventId`. */
export const eventRecordSchema = z
  .looseObject({
    schemaVersion: schemaVersionSchema,
    type: z.enum(EVENT_TYPES),
    accountId: idSchema.describe('Oniva account id; selects the HubSpot connection.'),
    workspaceId: idSchema,
    eventId: idSchema,
    event: eventSnapshotSchema,
    version: sourceVersionSchema,
    occurredAt: isoDateTimeSchema,
  })
  .superRefine(checkSnapshotMatchesEventId);

/** Value of `oniva.events.v1`. */
export type EventRecord = z.infer<typeof eventRecordSchema>;
