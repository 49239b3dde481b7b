import type { KafkaLogger } from '@oniva-hubspot/kafka';
import { ledgerKey } from '@oniva-hubspot/store';

import type { LinkSchemaDefinition, SchemaSummary } from './schema/link-object.js';

/**
 * The interfaces the record handler works against. `src/adapters/` implements them on MongoDB
 * (through the store models) and on HubSpot (through the gateway), so the handler contains the
 * sink's rules and the unit tests can replace any of them.
 */

/** Result of one input of a HubSpot batch call. */
export type ItemResult<T> = { ok: true; value: T } | { ok: false; error: Error };

/** Health of a connection as stored in MongoDB; `unknown` until the first check or call. */
export type HealthState = 'healthy' | 'unhealthy' | 'unknown';

/** The parts of an account's HubSpot connection that decide whether and how links are sent. */
export interface LinkConnection {
  accountId: string;
  portalId: number;
  /** Private app id of the token; part of HubSpot's burst limit key. */
  appId: number | undefined;
  /** IANA time zone of the portal; the daily API limit resets at midnight there. */
  portalTimeZone: string | undefined;
  /** Scopes HubSpot granted the token when the connection was saved. */
  scopes: readonly string[];
  customObjectsEnabled: boolean;
  health: {
    state: HealthState;
    /** Error code that made the connection unhealthy, e.g. `HUBSPOT_TOKEN_INVALID`. */
    code: string | undefined;
    message: string | undefined;
    since: Date | undefined;
  };
  /** Fingerprint of the stored token; a change means a new token was saved. */
  tokenFingerprint: string | undefined;
}

/** A workspace or event activation of the app connection. */
export interface ActivationState {
  activatedAt: Date;
  /** False once the activation was switched off (`deactivatedAt` set). */
  active: boolean;
}

/** Connection and activations that decide about one record; undefined where none is stored. */
export interface GateContext {
  connection: LinkConnection | undefined;
  workspaceActivation: ActivationState | undefined;
  eventActivation: ActivationState | undefined;
}

/** Loads connections and activations with a short-lived cache. */
export interface ConfigSource {
  gateContext(ids: { accountId: string; workspaceId: string; eventId: string }): Promise<GateContext>;
  /** Drops every cached value of the account, e.g. after a config change. */
  invalidateAccount(accountId: string): void;
}

/** The link schema of one portal, resolved from HubSpot and cached in MongoDB. */
export interface LinkObjectSchema {
  portalId: number;
  name: string;
  /** Object type id such as `2-1234567`; portal-specific, so never configured by hand. */
  objectTypeId: string;
  fullyQualifiedName: string;
  /** Property with unique values that records are upserted by. */
  uniqueProperty: string;
  /** USER_DEFINED association type ids, read from HubSpot's labels endpoint per direction. */
  associationTypeIds: { toContact: number; fromContact: number };
}

/** Cached link schemas, one per portal. */
export interface SchemaStore {
  find(portalId: number): Promise<LinkObjectSchema | undefined>;
  save(schema: LinkObjectSchema): Promise<void>;
  /** Deletes the portal's cached schema if it still has `objectTypeId`. */
  remove(portalId: number, objectTypeId: string): Promise<void>;
}

/** Finds or creates the link schema of a portal. */
export interface SchemaResolver {
  resolve(
    connection: LinkConnection,
    api: LinkHubSpotApi,
    signal: AbortSignal | undefined,
  ): Promise<LinkObjectSchema>;
  /** Forgets a cached schema that HubSpot no longer has, so the next `resolve` looks it up again. */
  forget(schema: LinkObjectSchema): Promise<void>;
}

/** Record state written to HubSpot for a link: the personal URL, or cleared after revocation. */
export type LinkState = 'generated' | 'revoked';

/** A link's ledger entry as the handler needs it. */
export interface LinkLedgerState {
  version: number;
  /** HubSpot record id of the link's custom object record. */
  objectId: string | undefined;
  /** HubSpot id of the contact the record is (to be) associated with. */
  contactId: string | undefined;
  /** True between the record write and the association to the contact. */
  associationPending: boolean;
}

/** A link whose record HubSpot accepted. */
export interface WrittenLink {
  key: string;
  accountId: string;
  eventId: string;
  linkId: string;
  version: number;
  occurredAt: Date;
  objectId: string;
  contactId: string;
  state: LinkState;
}

/** The sync ledger of links. */
export interface LinkLedger {
  /** Returns the stored state of each link that has one, by ledger key. */
  read(keys: readonly string[]): Promise<Map<string, LinkLedgerState>>;
  /**
   * Stores "record written, association pending" for each link. An entry never moves back to a
   * lower version, so a slower writer of an older version cannot overwrite a newer one.
   */
  recordWritten(links: readonly WrittenLink[]): Promise<void>;
  /** Clears the pending association of each link, if the entry still has that version. */
  recordAssociated(links: readonly { key: string; version: number }[]): Promise<void>;
}

/** Diagnosis stored on the connection's health: what failed and how a person fixes it. */
export interface ConnectionDiagnosis {
  code: string;
  message: string;
  fix: string;
}

/** Writes the health of a connection. */
export interface HealthStore {
  /**
   * Marks the connection unhealthy while it still has the token with `tokenFingerprint`.
   * Returns false when a new token was saved meanwhile, so the failure belongs to a replaced token.
   */
  markUnhealthy(
    accountId: string,
    tokenFingerprint: string | undefined,
    diagnosis: ConnectionDiagnosis,
  ): Promise<boolean>;
  /** Sets an unhealthy connection back to `unknown` if it is still unhealthy since `unhealthySince`. */
  markRecovered(accountId: string, unhealthySince: Date): Promise<boolean>;
}

/** An association type between two object types, from HubSpot's labels endpoint. */
export interface AssociationTypeInfo {
  category: string;
  typeId: number;
  /** Null for the unlabeled type. */
  label: string | null;
}

/** One custom object record to upsert by its unique property. */
export interface RecordInput {
  /** Value of the unique property. */
  id: string;
  properties: Record<string, string>;
}

/** The HubSpot calls of the sink, for one connection. Batch calls return one result per input, in order. */
export interface LinkHubSpotApi {
  /** Stored fingerprint of the token the calls use; undefined when the connection has none stored. */
  readonly tokenFingerprint: string | undefined;
  listSchemas(signal: AbortSignal | undefined): Promise<SchemaSummary[]>;
  /** Creates a schema; an ambiguous create is resolved by looking the schema up by name. */
  createSchema(definition: LinkSchemaDefinition, signal: AbortSignal | undefined): Promise<SchemaSummary>;
  associationTypes(
    request: { fromObjectType: string; toObjectType: string },
    signal: AbortSignal | undefined,
  ): Promise<AssociationTypeInfo[]>;
  /** Finds or creates contacts by email; each result is the contact id. */
  upsertContacts(emails: readonly string[], signal: AbortSignal | undefined): Promise<ItemResult<string>[]>;
  /** Creates or updates records by `idProperty`; each result is the record id. */
  upsertRecords(
    request: { objectTypeId: string; idProperty: string; inputs: readonly RecordInput[] },
    signal: AbortSignal | undefined,
  ): Promise<ItemResult<string>[]>;
  /** Creates USER_DEFINED associations of one type id from records of one type to contacts. */
  createAssociations(
    request: {
      fromObjectType: string;
      toObjectType: string;
      associationTypeId: number;
      pairs: readonly { fromId: string; toId: string }[];
    },
    signal: AbortSignal | undefined,
  ): Promise<ItemResult<void>[]>;
}

/** Opens the HubSpot API of a connection (decrypting its token). */
export interface LinkApiFactory {
  forConnection(connection: LinkConnection): Promise<LinkHubSpotApi>;
  /** Forgets the cached API of the account, e.g. after its token changed. */
  invalidateAccount(accountId: string): void;
}

/** Every dependency of the record handler. */
export interface LinkSinkDependencies {
  config: ConfigSource;
  ledger: LinkLedger;
  health: HealthStore;
  hubspot: LinkApiFactory;
  schemas: SchemaResolver;
}

/** Options of one handler call. */
export interface HandleOptions {
  logger: KafkaLogger;
  /** Aborted when the runtime stops or abandons the batch; passed to HubSpot calls. */
  signal?: AbortSignal | undefined;
}

/** Returns the ledger key of a link: `link:<accountId>:<eventId>:<linkId>`. */
export function linkLedgerKey(link: { accountId: string; eventId: string; linkId: string }): string {
  return ledgerKey({ kind: 'link', accountId: link.accountId, eventId: link.eventId, subject: link.linkId });
}
