import type { OffsetClock } from '../clock.js';
import { SandboxError } from '../errors.js';
import type { FaultEngine } from '../faults/engine.js';
import type { FaultRule, FaultRuleInput } from '../faults/rules.js';
import type { RateLimiter, RateLimitStats } from '../limits/rate-limiter.js';
import type { RequestCounts, RequestLog, RequestLogEntry, RequestLogFilter } from '../request-log.js';
import type { ContactRecord } from '../state/contacts.js';
import { effectiveLimits, type EffectiveLimits, type PortalRecord } from '../state/portals.js';
import type { SandboxState } from '../state/store.js';
import {
  addContacts,
  addList,
  addToken,
  generateToken,
  listSummary,
  provisionPortal,
  requirePortal,
  tokenInfo,
  type ContactsAdded,
  type ListSummary,
  type PortalSummary,
  type TokenInfo,
} from './provisioning.js';
import {
  limitOverridesSchema,
  portalUpdateSchema,
  provisioningSchema,
  rotateTokenSchema,
  type ContactsSpec,
  type LimitOverridesInput,
  type ListSpec,
  type PortalSpec,
  type PortalUpdate,
  type Provisioning,
  type RotateTokenOptions,
  type TokenSpec,
} from './schemas.js';

export interface AdminDependencies {
  state: SandboxState;
  clock: OffsetClock;
  faults: FaultEngine;
  limiter: RateLimiter;
  requestLog: RequestLog;
  /** Live module options, shared with the route context. */
  moduleOptions: Map<string, unknown>;
  /** Module options given at start; `reset` restores them. */
  initialModuleOptions: Record<string, unknown>;
  runResetListeners: () => void;
}

/** A portal with the limits in force. */
export interface PortalInfo extends PortalRecord {
  effectiveLimits: EffectiveLimits;
  contactCount: number;
  listCount: number;
}

/**
 * Test-side control of the sandbox: provisioning, tokens, contacts, lists, limits, faults,
 * the request log and the clock. The admin HTTP API under `/_sandbox` calls these methods.
 * Inputs are validated with zod; invalid input throws `ZodError`, unknown ids `SandboxError`.
 */
export class SandboxAdmin {
  constructor(private readonly deps: AdminDependencies) {}

  /** Adds the portals and faults of a provisioning document (existing portals are replaced). */
  provision(input: Provisioning): { portals: PortalSummary[]; faults: FaultRule[] } {
    const spec = provisioningSchema.parse(input);
    if (spec.seed !== undefined) this.deps.faults.clear(spec.seed);
    const portals = spec.portals.map((portal) => this.addPortal(portal));
    const faults = (spec.faults ?? []).map((rule) => this.deps.faults.add(rule));
    return { portals, faults };
  }

  addPortal(spec: PortalSpec): PortalSummary {
    this.deps.limiter.resetPortal(spec.portalId);
    return provisionPortal(this.deps.state, spec, this.deps.clock);
  }

  portal(portalId: number): PortalInfo {
    const portalState = requirePortal(this.deps.state, portalId);
    return {
      ...structuredClone(portalState.portal),
      effectiveLimits: effectiveLimits(portalState.portal),
      contactCount: portalState.contacts.size,
      listCount: portalState.lists.all().length,
    };
  }

  portals(): PortalInfo[] {
    return [...this.deps.state.portals.keys()].map((portalId) => this.portal(portalId));
  }

  /** Changes tier, limit packs, time zone or account fields of an existing portal. */
  updatePortal(portalId: number, input: PortalUpdate): PortalInfo {
    const portal = requirePortal(this.deps.state, portalId).portal;
    const update = portalUpdateSchema.parse(input);
    for (const [key, value] of Object.entries(update)) {
      if (value !== undefined) Object.assign(portal, { [key]: value });
    }
    return this.portal(portalId);
  }

  deletePortal(portalId: number): void {
    requirePortal(this.deps.state, portalId);
    this.deps.state.deletePortal(portalId);
    this.deps.limiter.resetPortal(portalId);
  }

  /** Sets or clears (with null) per-portal replacements for the tier's limits. */
  setLimits(portalId: number, input: LimitOverridesInput): PortalInfo {
    const portal = requirePortal(this.deps.state, portalId).portal;
    const overrides = limitOverridesSchema.parse(input);
    for (const [key, value] of Object.entries(overrides)) {
      const name = key as keyof PortalRecord['limits'];
      if (value === null) delete portal.limits[name];
      else if (value !== undefined) portal.limits[name] = value;
    }
    return this.portal(portalId);
  }

  addToken(portalId: number, spec: TokenSpec): TokenInfo {
    return addToken(this.deps.state, portalId, spec);
  }

  token(token: string): TokenInfo {
    return tokenInfo(this.requireToken(token));
  }

  /** Replaces the scopes of an existing token; the token string stays the same. */
  setScopes(token: string, scopes: string[]): TokenInfo {
    const record = this.requireToken(token);
    record.scopes = new Set(scopes);
    return tokenInfo(record);
  }

  /**
   * Issues a new token for the same portal, app and user. The old one stops working at once with
   * `expireNow`, otherwise after `graceSeconds` (7 days by default).
   */
  rotateToken(token: string, input: RotateTokenOptions = {}): { token: TokenInfo; previous: TokenInfo } {
    const record = this.requireToken(token);
    const options = rotateTokenSchema.parse(input);
    const portal = requirePortal(this.deps.state, record.portalId).portal;
    const replacement = addToken(this.deps.state, record.portalId, {
      token: options.newToken ?? generateToken(portal.dataHostingLocation),
      appId: record.appId,
      userId: record.userId,
      scopes: [...record.scopes],
    });
    const now = this.deps.clock.now();
    record.expiresAt = options.expireNow ? now : now + options.graceSeconds * 1000;
    return { token: replacement, previous: tokenInfo(record) };
  }

  deleteToken(token: string): void {
    this.requireToken(token);
    this.deps.state.tokens.delete(token);
  }

  addContacts(portalId: number, spec: ContactsSpec): ContactsAdded {
    return addContacts(requirePortal(this.deps.state, portalId), spec, 'body');
  }

  contact(portalId: number, contactId: string): ContactRecord {
    const record = requirePortal(this.deps.state, portalId).contacts.get(contactId);
    if (record === undefined) {
      throw new SandboxError(
        'SANDBOX_ERR_UNKNOWN_CONTACT',
        `Contact ${contactId} does not exist in portal ${portalId}.`,
      );
    }
    return record;
  }

  /** Finds a contact by email, case-insensitively; undefined when absent. */
  contactByEmail(portalId: number, email: string): ContactRecord | undefined {
    return requirePortal(this.deps.state, portalId).contacts.findByEmail(email);
  }

  /** Deletes contacts; list memberships keep referring to their ids. */
  deleteContacts(portalId: number, ids: Array<string | number>): { deleted: string[]; missing: string[] } {
    const contacts = requirePortal(this.deps.state, portalId).contacts;
    const deleted: string[] = [];
    const missing: string[] = [];
    for (const id of ids.map(String)) (contacts.delete(id) ? deleted : missing).push(id);
    return { deleted, missing };
  }

  addList(portalId: number, spec: ListSpec): ListSummary {
    const portalState = requirePortal(this.deps.state, portalId);
    return addList(this.deps.state, portalState, spec, this.deps.clock, 'body');
  }

  lists(portalId: number): ListSummary[] {
    return requirePortal(this.deps.state, portalId).lists.all().map(listSummary);
  }

  addFault(rule: FaultRuleInput): FaultRule {
    return this.deps.faults.add(rule);
  }

  faults(): FaultRule[] {
    return this.deps.faults.list();
  }

  removeFault(id: string): void {
    if (!this.deps.faults.remove(id)) {
      throw new SandboxError(
        'SANDBOX_ERR_UNKNOWN_FAULT',
        `Fault ${id} does not exist; list faults with GET /_sandbox/faults.`,
      );
    }
  }

  /** Removes all faults; `seed` restarts the generator that decides which calls they hit. */
  clearFaults(seed?: number): void {
    this.deps.faults.clear(seed);
  }

  requests(filter: RequestLogFilter = {}): RequestLogEntry[] {
    return this.deps.requestLog.list(filter);
  }

  requestCounts(): RequestCounts {
    return this.deps.requestLog.countsByEndpoint();
  }

  clearRequests(): void {
    this.deps.requestLog.clear();
  }

  /** Observed rate-limit load per portal (max calls in any 10-s window, 429s by policy). */
  rateLimitStats(portalId?: number): RateLimitStats[] {
    const all = this.deps.limiter.allStats();
    return portalId === undefined ? all : all.filter((stats) => stats.portalId === portalId);
  }

  /** Moves the sandbox clock forward, e.g. past local midnight to reset the daily limit. */
  advanceClock(ms: number): number {
    this.deps.clock.advance(ms);
    return this.deps.clock.now();
  }

  now(): number {
    return this.deps.clock.now();
  }

  /** Replaces the options of the route module under `key`; the module validates them on use. */
  setModuleOptions(key: string, options: unknown): void {
    this.deps.moduleOptions.set(key, options);
  }

  moduleOptions(): Record<string, unknown> {
    return Object.fromEntries(this.deps.moduleOptions);
  }

  /**
   * Drops all portals, tokens, faults, rate-limit counters and logged requests, and restores
   * the module options given at start.
   */
  reset(seed?: number): void {
    this.deps.state.clear();
    this.deps.moduleOptions.clear();
    for (const [key, value] of Object.entries(this.deps.initialModuleOptions))
      this.deps.moduleOptions.set(key, value);
    this.deps.faults.clear(seed);
    this.deps.limiter.clear();
    this.deps.requestLog.clear();
    this.deps.runResetListeners();
  }

  private requireToken(token: string) {
    const record = this.deps.state.tokens.get(token);
    if (record === undefined) {
      throw new SandboxError(
        'SANDBOX_ERR_UNKNOWN_TOKEN',
        'Token does not exist; create it with POST /_sandbox/portals/:portalId/tokens.',
      );
    }
    return record;
  }
}
