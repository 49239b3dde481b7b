import type { ContactRecord, ContactStore } from '../state/contacts.js';

const iso = (epochMs: number): string => new Date(epochMs).toISOString();

/** Properties HubSpot returns when a read names none. */
export const DEFAULT_CONTACT_READ_PROPERTIES = ['firstname', 'lastname', 'email'] as const;

/** Values of the properties HubSpot computes for every record. */
function systemProperties(record: ContactRecord): Record<string, string> {
  return {
    hs_object_id: record.id,
    createdate: iso(record.createdAt),
    lastmodifieddate: iso(record.updatedAt),
  };
}

export interface ContactJsonOptions {
  /**
   * Properties to return: known names come back with their value or null, unknown names are
   * left out. `undefined` returns every stored property (create and update responses).
   */
  properties?: readonly string[];
  propertiesWithHistory?: readonly string[];
  objectWriteTraceId?: string;
}

/** Builds a contact in the `SimplePublicObject` shape, always with `hs_object_id`, `createdate` and `lastmodifieddate`. */
export function contactJson(store: ContactStore, record: ContactRecord, options: ContactJsonOptions = {}) {
  const properties: Record<string, string | null> = {};
  if (options.properties === undefined) {
    Object.assign(properties, record.properties);
  } else {
    for (const name of options.properties) {
      if (store.propertyDefinition(name) !== undefined) properties[name] = record.properties[name] ?? null;
    }
  }
  Object.assign(properties, systemProperties(record));

  const json: Record<string, unknown> = {
    id: record.id,
    properties,
    createdAt: iso(record.createdAt),
    updatedAt: iso(record.updatedAt),
    archived: false,
  };
  if (options.propertiesWithHistory !== undefined && options.propertiesWithHistory.length > 0) {
    json['propertiesWithHistory'] = historyOf(store, record, options.propertiesWithHistory);
  }
  if (options.objectWriteTraceId !== undefined) json['objectWriteTraceId'] = options.objectWriteTraceId;
  return json;
}

/** Only the current value of each property is kept, so the history has at most one entry. */
function historyOf(store: ContactStore, record: ContactRecord, names: readonly string[]) {
  const all = { ...record.properties, ...systemProperties(record) };
  const history: Record<string, Array<{ value: string; timestamp: string; sourceType: string }>> = {};
  for (const name of names) {
    if (store.propertyDefinition(name) === undefined) continue;
    const value = all[name];
    history[name] =
      value === undefined ? [] : [{ value, timestamp: iso(record.updatedAt), sourceType: 'API' }];
  }
  return history;
}

/** Property names from `?properties=` or a body, or the defaults when none are given. */
export function readProperties(requested: readonly string[] | undefined): readonly string[] {
  return requested === undefined || requested.length === 0 ? DEFAULT_CONTACT_READ_PROPERTIES : requested;
}
