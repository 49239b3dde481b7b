import type { StatusMapping } from './status-mapping.js';

/** Health of a connection as stored in MongoDB; `unknown` until the first check or call. */
export type HealthState = 'healthy' | 'unhealthy' | 'unknown';

/** The parts of an account's HubSpot connection that decide whether and how records are sent. */
export interface ConnectionConfig {
  accountId: string;
  portalId: number;
  /** Private app id from the token info; part of the rate-limit key. */
  appId: number | undefined;
  marketingEventsEnabled: boolean;
  /** Effective mapping: the default one merged with the connection's overrides. */
  statusMapping: StatusMapping;
  /** IANA time zone of the portal; the daily API limit resets at midnight there. */
  portalTimeZone: string | undefined;
  health: {
    state: HealthState;
    /** Gateway error code that made the connection unhealthy, e.g. `HUBSPOT_TOKEN_INVALID`. */
    code: string | undefined;
    message: string | undefined;
    since: Date | undefined;
  };
  /** Fingerprint of the stored token; a change means a new token was saved. */
  tokenFingerprint: string | undefined;
}

/** A workspace or event activation of the app connection. */
export interface ActivationConfig {
  activatedAt: Date;
  /** True unless the activation was switched off again (`deactivatedAt` set). */
  active: boolean;
}

/** Everything the gate needs to decide about one record. */
export interface RecordContext {
  connection: ConnectionConfig | undefined;
  workspaceActivation: ActivationConfig | undefined;
  eventActivation: ActivationConfig | undefined;
}
