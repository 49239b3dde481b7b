import type { CustomObjectRecord } from '../state/custom-objects-records.js';

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** Builds a `SimplePublicObject` with the given property values. */
export function recordResponse(
  record: CustomObjectRecord,
  properties: Record<string, string | null>,
  propertiesWithHistory?: readonly string[],
): Record<string, unknown> {
  return {
    id: record.id,
    properties,
    ...(propertiesWithHistory === undefined || propertiesWithHistory.length === 0
      ? {}
      : { propertiesWithHistory: historyOf(record, propertiesWithHistory) }),
    createdAt: iso(record.createdAt),
    updatedAt: iso(record.updatedAt),
    archived: false,
  };
}

/**
 * Builds the property history as HubSpot returns it. The sandbox keeps only the current value, so each
 * history has at most one entry, stamped with the record's last update.
 */
function historyOf(record: CustomObjectRecord, names: readonly string[]): Record<string, unknown[]> {
  const history: Record<string, unknown[]> = {};
  for (const name of names) {
    const value = record.properties[name];
    history[name] =
      value === undefined ? [] : [{ value, timestamp: iso(record.updatedAt), sourceType: 'API' }];
  }
  return history;
}
