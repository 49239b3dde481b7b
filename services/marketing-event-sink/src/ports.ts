import type { KafkaLogger } from '@oniva-hubspot/kafka';
import { ledgerKey } from '@oniva-hubspot/store';

import type { ConnectionConfig, RecordContext } from './enrichment/account-config.js';
import type { SubscriberState } from './enrichment/status-mapping.js';
import type { MarketingEventParams, MarketingEventState } from './events/event-params.js';
import type { ConnectionDiagnosis } from './health/diagnosis.js';
import type { NewContactProperties } from './participation/attendance-plan.js';
import type { ParticipantVersion } from './participation/versions.js';

/**
 * The interfaces the record handlers work against. `src/adapters/` implements them on MongoDB
 * (through the store models) and on HubSpot (through the gateway), so the handlers hold the
 * sink's rules and nothing else.
 */

/** Loads the connection and activations that decide about a record, with a short-lived cache. */
export interface ConfigSource {
  recordContext(ids: { accountId: string; workspaceId: string; eventId: string }): Promise<RecordContext>;
  /** Drops every cached value of the account, e.g. after a config change. */
  invalidateAccount(accountId: string): void;
}

/** Identity of a participant: one email address on one event of one account. */
export interface ParticipantKey {
  accountId: string;
  eventId: string;
  /** Normalised email. */
  email: string;
}

/** A participant's applied state, written after HubSpot accepted it. */
export interface AppliedParticipant extends ParticipantKey, ParticipantVersion {
  /** HubSpot contact id (`vid`) returned by the attendance call. */
  contactId: string | undefined;
  state: SubscriberState;
}

/** Applied event version, written after HubSpot accepted the marketing event. */
export interface AppliedEvent {
  accountId: string;
  eventId: string;
  version: number;
  occurredAtMs: number;
}

/** The sync ledger: what was applied to HubSpot, per participant and per event. */
export interface Ledger {
  /** Returns the applied version of each participant that has one, keyed by `participantLedgerKey`. */
  participants(keys: readonly ParticipantKey[]): Promise<Map<string, ParticipantVersion>>;
  /**
   * Stores applied participant versions. An entry never moves back to a lower version, so a
   * slower writer of an older version cannot overwrite a newer one.
   */
  recordParticipants(entries: readonly AppliedParticipant[]): Promise<void>;
  eventVersion(accountId: string, eventId: string): Promise<number | undefined>;
  recordEvent(entry: AppliedEvent): Promise<void>;
}

/** The stored link between an Oniva event and its HubSpot marketing event. */
export interface MarketingEventLink {
  accountId: string;
  eventId: string;
  portalId: number;
  /** Private app whose external ids address the event; 0 when the connection has no app id. */
  appId: number;
  objectId: string;
  state: MarketingEventState;
  lastAppliedVersion: number | undefined;
}

/** Marketing event mappings (one per Oniva event). */
export interface MappingStore {
  find(accountId: string, eventId: string): Promise<MarketingEventLink | undefined>;
  /** Inserts or updates the mapping; concurrent saves of one event leave one document. */
  save(link: MarketingEventLink): Promise<void>;
}

/** Writes the health of a connection. */
export interface HealthStore {
  /**
   * Marks the connection unhealthy while it still stores the token with `tokenFingerprint`.
   * Returns false when a new token was saved meanwhile, so the failure belongs to a replaced token.
   */
  markUnhealthy(
    accountId: string,
    tokenFingerprint: string | undefined,
    diagnosis: ConnectionDiagnosis,
  ): Promise<boolean>;
  /**
   * Sets an unhealthy connection back to `unknown` when it is still unhealthy since
   * `unhealthySince`. Returns false when another process or person changed the health first.
   */
  markRecovered(accountId: string, unhealthySince: Date): Promise<boolean>;
}

/** Per-event counters of what the sink did, for the sync status API. */
export interface StatsDelta {
  applied: number;
  skippedByReason: Record<string, number>;
  retrying: number;
  deadLettered: number;
  parked: number;
  lastSuccessAt: Date | undefined;
  lastError: { code: string; message: string; at: Date } | undefined;
}

export interface StatsStore {
  add(accountId: string, eventId: string, delta: StatsDelta): Promise<void>;
}

/** One input of an attendance `email-create` call. */
export interface AttendanceInput {
  email: string;
  interactionDateTime: number;
  contactProperties: NewContactProperties;
}

/** Result of one attendance input. */
export type AttendanceResult = { ok: true; contactId: string | undefined } | { ok: false; error: Error };

/** The HubSpot calls the sink makes, for one connection. */
export interface MarketingEventsApi {
  /**
   * Stored fingerprint of the token the calls use, to tell a failing token from a newly saved
   * one; undefined when the connection has none stored.
   */
  readonly tokenFingerprint: string | undefined;
  /** Creates or updates the marketing event by its external ids; returns its HubSpot objectId. */
  upsertEvent(params: MarketingEventParams, signal: AbortSignal | undefined): Promise<{ objectId: string }>;
  /**
   * Records a subscriber state for contacts by email, creating missing contacts. Returns one
   * result per input, in input order; throws when the whole call failed.
   */
  recordAttendance(
    call: {
      externalAccountId: string;
      externalEventId: string;
      state: SubscriberState;
      inputs: readonly AttendanceInput[];
    },
    signal: AbortSignal | undefined,
  ): Promise<AttendanceResult[]>;
}

/** Opens the HubSpot API of a connection (decrypting its token). */
export interface HubSpotApiFactory {
  forConnection(connection: ConnectionConfig): Promise<MarketingEventsApi>;
  /** Forgets the cached API of the account, e.g. after its token changed. */
  invalidateAccount(accountId: string): void;
}

/** The kind of a failure: HubSpot's classification, or `retriable` for anything unexpected. */
export type FailureKind = 'retriable' | 'connection' | 'permanent';

/** Every dependency of the record handlers. */
export interface SinkDependencies {
  config: ConfigSource;
  ledger: Ledger;
  mappings: MappingStore;
  health: HealthStore;
  stats: StatsStore;
  hubspot: HubSpotApiFactory;
  /** Organizer sent when an event snapshot has none; HubSpot requires one. */
  defaultOrganizer: string;
  /** Number of retry tiers; a `retry` outcome in the last one sends the record to the dead-letter topic. */
  retryTierCount: number;
  now: () => Date;
}

/** A record handed to the handlers, with where it was read from. */
export interface SinkInput<T> {
  value: T;
  /** 0 for the source topic, n for retry tier n. Default 0. */
  tier?: number;
  /** True for a parked record that was replayed through the first retry tier. */
  replayed?: boolean;
}

/** Options of one handler call. */
export interface HandleOptions {
  logger: KafkaLogger;
  /** Aborted when the runtime stops or abandons the batch; passed to HubSpot calls. */
  signal?: AbortSignal | undefined;
}

/** Returns the ledger key of a participant: `participant:<accountId>:<eventId>:<email>`. */
export function participantLedgerKey(key: ParticipantKey): string {
  return ledgerKey({
    kind: 'participant',
    accountId: key.accountId,
    eventId: key.eventId,
    subject: key.email,
  });
}
