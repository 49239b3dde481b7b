import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from './clock.js';
import type { PortalRecord } from './state/portals.js';
import type { PortalState, SandboxState } from './state/store.js';
import type { ContactStore } from './state/contacts.js';
import type { TokenRecord } from './state/tokens.js';

/**
 * Rate-limit class of a route. `standard` uses the 10-second burst window and
 * the daily counter and gets the rate-limit headers. `search` uses the per-second search limit and
 * the daily counter, without rate-limit headers. `none` is not counted.
 */
export type RateLimitClass = 'standard' | 'search' | 'none';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Rate-limit class of a HubSpot route; `standard` when omitted. */
    hubspotRateLimit?: RateLimitClass;
  }
}

/** Scopes of which any one allows a call; an empty list only requires a valid token. */
export interface ScopeRequirement {
  anyOf: readonly string[];
}

/** The caller behind a valid token. */
export interface AuthContext {
  token: TokenRecord;
  portal: PortalRecord;
  portalId: number;
  appId: number;
  userId: number;
}

/** Shared state and helpers that every route module receives. */
export interface SandboxContext {
  readonly state: SandboxState;
  readonly clock: Clock;

  /**
   * Resolves the request's Bearer token to its portal and app. Throws `HubSpotHttpError` 401
   * INVALID_AUTHENTICATION for a missing, malformed, unknown or expired token and 403
   * MISSING_SCOPES when the token has none of `scopes.anyOf`.
   */
  requireAuth(request: FastifyRequest, scopes: ScopeRequirement): AuthContext;

  /** Returns the portal's state; throws 401 when the portal was deleted after the token was issued. */
  portal(portalId: number): PortalState;

  /** Returns the contacts of a portal (email index included). */
  contacts(portalId: number): ContactStore;

  /**
   * Returns the next numeric string id in `namespace` for a portal (for example `contacts`,
   * `marketing-events`, `custom-objects`). Ids increase and are not reused while the portal exists.
   */
  nextId(portalId: number, namespace: string): string;

  /**
   * Returns state that another module keeps per portal under `key`, creating it with `create`
   * on first use. It is dropped when the sandbox is reset or the portal is deleted.
   */
  portalExtension<T>(portalId: number, key: string, create: () => T): T;

  /**
   * Returns the options of another module under `key` (from `SandboxOptions.moduleOptions` or
   * the admin API), or undefined; each module parses its own key with zod.
   */
  moduleOptions(key: string): unknown;

  /** Registers a callback that runs when the sandbox state is reset. */
  onReset(listener: () => void): void;

  /**
   * Returns true when a configured partial-failure fault names `inputKey` (an email, record id
   * or external id) for this request. Batch handlers then report that input as failed (207).
   */
  isForcedInputFailure(request: FastifyRequest, inputKey: string): boolean;
}

/** A route module registers HubSpot routes on the sandbox's Fastify instance. */
export type RouteModule = (app: FastifyInstance, ctx: SandboxContext) => void;
