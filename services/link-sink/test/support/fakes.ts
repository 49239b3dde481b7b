import type { LinkRecord } from '@oniva-hubspot/contracts';
import { silentLogger } from '@oniva-hubspot/kafka';

import type {
  AssociationTypeInfo,
  ConfigSource,
  ConnectionDiagnosis,
  GateContext,
  HealthStore,
  ItemResult,
  LinkApiFactory,
  LinkConnection,
  LinkHubSpotApi,
  LinkLedger,
  LinkLedgerState,
  LinkObjectSchema,
  LinkSinkDependencies,
  RecordInput,
  SchemaResolver,
  WrittenLink,
} from '../../src/ports.js';
import type { LinkSchemaDefinition, SchemaSummary } from '../../src/schema/link-object.js';

export const ACCOUNT_ID = 'acc-1';
export const PORTAL_ID = 4242;
export const ACTIVATED_AT = new Date('2025-01-01T00:00:00Z');

/** Builds a healthy connection with the Custom Objects feature on. */
export function connection(overrides: Partial<LinkConnection> = {}): LinkConnection {
  return {
    accountId: ACCOUNT_ID,
    portalId: PORTAL_ID,
    appId: 7,
    portalTimeZone: 'Europe/Berlin',
    scopes: ['crm.schemas.custom.read', 'crm.schemas.custom.write', 'crm.objects.custom.write'],
    customObjectsEnabled: true,
    health: { state: 'healthy', code: undefined, message: undefined, since: undefined },
    tokenFingerprint: '0123456789abcdef',
    ...overrides,
  };
}

/** Gate context of an activated workspace and event with `connection()`. */
export function activeContext(overrides: Partial<GateContext> = {}): GateContext {
  return {
    connection: connection(),
    workspaceActivation: { activatedAt: ACTIVATED_AT, active: true },
    eventActivation: { activatedAt: ACTIVATED_AT, active: true },
    ...overrides,
  };
}

let linkSequence = 0;

/** Builds a valid `link.generated` record that occurred after `ACTIVATED_AT`. */
export function linkRecord(overrides: Partial<LinkRecord> & { email?: string } = {}): LinkRecord {
  linkSequence += 1;
  const { email, ...rest } = overrides;
  return {
    schemaVersion: 1,
    type: 'link.generated',
    linkId: `lnk-${linkSequence}`,
    accountId: ACCOUNT_ID,
    workspaceId: 'ws-1',
    eventId: 'evt-1',
    contact: { id: `c-${linkSequence}`, email: email ?? `p${linkSequence}@example.test` },
    url: `https://events.example.test/p/${linkSequence}`,
    version: 1,
    occurredAt: '2025-06-01T10:00:00Z',
    ...rest,
  };
}

/** The resolved schema the fake resolver returns. */
export const SCHEMA: LinkObjectSchema = {
  portalId: PORTAL_ID,
  name: 'oniva_event_link',
  objectTypeId: '2-555',
  fullyQualifiedName: `p${PORTAL_ID}_oniva_event_link`,
  uniqueProperty: 'oniva_link_id',
  associationTypeIds: { toContact: 123, fromContact: 124 },
};

/** Per-input failures the fake API reports for the next call of one operation. */
export type ItemFailures = Map<string, Error>;

type Operation = 'upsertContacts' | 'upsertRecords' | 'createAssociations';

/**
 * In-memory HubSpot for the handler: contacts by email, records by link id, associations as
 * pairs. Failures are injected per operation, for a whole call or for named inputs.
 */
export class FakeLinkApi implements LinkHubSpotApi {
  readonly tokenFingerprint = '0123456789abcdef';
  readonly contacts = new Map<string, string>();
  readonly records = new Map<string, { id: string; properties: Record<string, string> }>();
  readonly associations = new Set<string>();
  readonly calls: { operation: Operation; inputs: string[] }[] = [];
  readonly callFailures = new Map<Operation, Error>();
  readonly itemFailures = new Map<Operation, ItemFailures>();
  #nextId = 1000;

  listSchemas(): Promise<SchemaSummary[]> {
    return Promise.resolve([]);
  }

  createSchema(definition: LinkSchemaDefinition): Promise<SchemaSummary> {
    return Promise.resolve({
      name: definition.name,
      objectTypeId: '2-1',
      fullyQualifiedName: 'p1',
      properties: [],
    });
  }

  associationTypes(_request: {
    fromObjectType: string;
    toObjectType: string;
  }): Promise<AssociationTypeInfo[]> {
    return Promise.resolve([]);
  }

  upsertContacts(emails: readonly string[]): Promise<ItemResult<string>[]> {
    return this.#run('upsertContacts', emails, (email) => {
      const id = this.contacts.get(email) ?? this.#id();
      this.contacts.set(email, id);
      return id;
    });
  }

  upsertRecords(request: { inputs: readonly RecordInput[] }): Promise<ItemResult<string>[]> {
    return this.#run(
      'upsertRecords',
      request.inputs.map((input) => input.id),
      (linkId, index) => {
        const id = this.records.get(linkId)?.id ?? this.#id();
        this.records.set(linkId, { id, properties: request.inputs[index]!.properties });
        return id;
      },
    );
  }

  createAssociations(request: {
    pairs: readonly { fromId: string; toId: string }[];
  }): Promise<ItemResult<void>[]> {
    return this.#run(
      'createAssociations',
      request.pairs.map((pair) => `${pair.fromId}>${pair.toId}`),
      (pair) => {
        this.associations.add(pair);
      },
    );
  }

  callsOf(operation: Operation): string[][] {
    return this.calls.filter((call) => call.operation === operation).map((call) => call.inputs);
  }

  #run<T>(
    operation: Operation,
    keys: readonly string[],
    apply: (key: string, index: number) => T,
  ): Promise<ItemResult<T>[]> {
    this.calls.push({ operation, inputs: [...keys] });
    const callFailure = this.callFailures.get(operation);
    if (callFailure !== undefined) {
      this.callFailures.delete(operation);
      return Promise.reject(callFailure);
    }
    const failures = this.itemFailures.get(operation);
    this.itemFailures.delete(operation);
    return Promise.resolve(
      keys.map((key, index): ItemResult<T> => {
        const error = failures?.get(key);
        return error === undefined ? { ok: true, value: apply(key, index) } : { ok: false, error };
      }),
    );
  }

  #id(): string {
    this.#nextId += 1;
    return String(this.#nextId);
  }
}

/** Ledger in memory with the adapter's rules: versions never move back. */
export class FakeLedger implements LinkLedger {
  readonly entries = new Map<string, LinkLedgerState>();

  read(keys: readonly string[]): Promise<Map<string, LinkLedgerState>> {
    return Promise.resolve(
      new Map(
        keys.flatMap((key) => (this.entries.has(key) ? [[key, { ...this.entries.get(key)! }] as const] : [])),
      ),
    );
  }

  recordWritten(links: readonly WrittenLink[]): Promise<void> {
    for (const link of links) {
      const current = this.entries.get(link.key);
      if (current === undefined || current.version <= link.version) {
        this.entries.set(link.key, {
          version: link.version,
          objectId: link.objectId,
          contactId: link.contactId,
          associationPending: true,
        });
      }
    }
    return Promise.resolve();
  }

  recordAssociated(links: readonly { key: string; version: number }[]): Promise<void> {
    for (const link of links) {
      const current = this.entries.get(link.key);
      if (current?.version === link.version) {
        current.associationPending = false;
      }
    }
    return Promise.resolve();
  }
}

/** Health store that records what it was asked to write. */
export class FakeHealth implements HealthStore {
  readonly unhealthy: { accountId: string; diagnosis: ConnectionDiagnosis }[] = [];

  markUnhealthy(
    accountId: string,
    _fingerprint: string | undefined,
    diagnosis: ConnectionDiagnosis,
  ): Promise<boolean> {
    this.unhealthy.push({ accountId, diagnosis });
    return Promise.resolve(true);
  }

  markRecovered(): Promise<boolean> {
    return Promise.resolve(true);
  }
}

/** Dependencies of `handleLinks` on fakes; every part can be replaced. */
export function fakeDependencies(
  overrides: { api?: FakeLinkApi; context?: GateContext; resolver?: SchemaResolver } = {},
): LinkSinkDependencies & {
  api: FakeLinkApi;
  ledger: FakeLedger;
  health: FakeHealth;
  forgotten: LinkObjectSchema[];
} {
  const api = overrides.api ?? new FakeLinkApi();
  const forgotten: LinkObjectSchema[] = [];
  const config: ConfigSource = {
    gateContext: () => Promise.resolve(overrides.context ?? activeContext()),
    invalidateAccount: () => undefined,
  };
  const hubspot: LinkApiFactory = {
    forConnection: () => Promise.resolve(api),
    invalidateAccount: () => undefined,
  };
  const schemas: SchemaResolver = overrides.resolver ?? {
    resolve: () => Promise.resolve(SCHEMA),
    forget: (schema) => {
      forgotten.push(schema);
      return Promise.resolve();
    },
  };
  return { config, hubspot, schemas, api, ledger: new FakeLedger(), health: new FakeHealth(), forgotten };
}

export const handleOptions = { logger: silentLogger };
