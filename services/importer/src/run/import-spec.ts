import {
  fieldMappingSchema,
  importModeSchema,
  type FieldMapping,
  type ImportMode,
} from '@oniva-hubspot/contracts';
import { importTargetKey } from '@oniva-hubspot/store';
import { z } from 'zod';

import { ImporterError } from '../errors.js';

/** Destination of an import's contacts. */
export type ImportTargetSpec =
  | { kind: 'event-contacts'; workspaceId: string; eventId: string }
  | { kind: 'accounts'; accountType: string };

/** Parameters of one import run, read from its ImportRun document. */
export interface ImportSpec {
  importId: string;
  accountId: string;
  listId: string;
  mode: ImportMode;
  fieldMapping: readonly FieldMapping[];
  target: ImportTargetSpec;
}

const nonEmpty = z.string().min(1);

// The connector API writes the ImportRun document. The importer parses it again, because it must
// not start a run whose target lacks the ids its records need.
const storedRequestSchema = z.discriminatedUnion('target', [
  z.object({
    target: z.literal('event-contacts'),
    listId: nonEmpty,
    mode: importModeSchema,
    fieldMapping: z.array(fieldMappingSchema),
    workspaceId: nonEmpty,
    eventId: nonEmpty,
  }),
  z.object({
    target: z.literal('accounts'),
    listId: nonEmpty,
    mode: importModeSchema,
    fieldMapping: z.array(fieldMappingSchema),
    accountType: nonEmpty,
  }),
]);

/**
 * Reads the import spec from a stored run. Throws `ImporterError` `IMPORTER_ERR_INVALID_REQUEST`
 * naming the missing or invalid fields.
 */
export function importSpecOf(run: { importId: string; accountId: string; request: unknown }): ImportSpec {
  const parsed = storedRequestSchema.safeParse(run.request);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`,
    );
    throw new ImporterError(
      'IMPORTER_ERR_INVALID_REQUEST',
      `Import run ${run.importId} has an invalid request (${problems.join('; ')}); start a new import with a complete request`,
    );
  }

  const request = parsed.data;
  const target: ImportTargetSpec =
    request.target === 'event-contacts'
      ? { kind: 'event-contacts', workspaceId: request.workspaceId, eventId: request.eventId }
      : { kind: 'accounts', accountType: request.accountType };
  return {
    importId: run.importId,
    accountId: run.accountId,
    listId: request.listId,
    mode: request.mode,
    fieldMapping: request.fieldMapping.map(({ hubspotProperty, onivaField }) => ({
      hubspotProperty,
      onivaField,
    })),
    target,
  };
}

/** Returns the key under which contacts emitted to the spec's target are remembered, per portal. */
export function targetKeyOf(spec: Pick<ImportSpec, 'accountId' | 'target'>, portalId: number): string {
  return spec.target.kind === 'event-contacts'
    ? importTargetKey({
        target: 'event-contacts',
        accountId: spec.accountId,
        portalId,
        eventId: spec.target.eventId,
      })
    : importTargetKey({
        target: 'accounts',
        accountId: spec.accountId,
        portalId,
        accountType: spec.target.accountType,
      });
}
