import { z } from 'zod';

import { idSchema, isoDateTimeSchema, schemaVersionSchema } from './primitives.js';

/** Kinds of connection config change. Each one invalidates every cached config of the account. */
export const CONFIG_CHANGE_KINDS = [
  'connection.created',
  'connection.updated',
  'connection.deleted',
  'activation.changed',
  'status-mapping.changed',
] as const;

/** Kind of connection config change. */
export type ConfigChangeKind = (typeof CONFIG_CHANGE_KINDS)[number];

/**
 * Value of `connector.config-changes.v1`. Key: `accountId`. Every replica of every service reads
 * this topic and drops its cached connection config of the account, whatever the kind of change.
 */
export const configChangeRecordSchema = z.looseObject({
  schemaVersion: schemaVersionSchema,
  accountId: idSchema,
  change: z.enum(CONFIG_CHANGE_KINDS),
  occurredAt: isoDateTimeSchema,
});

/** Value of `connector.config-changes.v1`. */
export type ConfigChangeRecord = z.infer<typeof configChangeRecordSchema>;
