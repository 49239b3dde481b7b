/**
 * A local HubSpot API simulator for tests, benchmarks and the demo.
 *
 * @example
 * ```ts
 * import { Client } from '@hubspot/api-client';
 * import { createSandbox } from '@oniva-hubspot/hubspot-sandbox';
 *
 * const sandbox = await createSandbox({
 *   provision: {
 *     portals: [{
 *       portalId: 4242, tier: 'professional', timeZone: 'Europe/Berlin',
 *       tokens: [{ token: 'pat-na1-test', appId: 7, scopes: ['crm.lists.read', 'crm.objects.contacts.read'] }],
 *       lists: [{ name: 'Attendees', processingType: 'MANUAL', generate: 1000 }],
 *     }],
 *   },
 * });
 * const client = new Client({ accessToken: 'pat-na1-test', basePath: sandbox.url, numberOfApiCallRetries: 0 });
 * const page = await client.crm.lists.membershipsApi.getPage('1', undefined, undefined, 250);
 * sandbox.admin.addFault({ match: { path: '/crm/v3/objects/contacts/batch/**' }, effect: { type: 'status', status: 502, html: true }, times: 1 });
 * await sandbox.close();
 * ```
 */
export { createSandbox, buildSandboxApp, isLoopbackHost } from './server.js';
export type { Sandbox, SandboxOptions } from './server.js';
export { SandboxAdmin } from './admin/admin.js';
export type { PortalInfo } from './admin/admin.js';
export type { ContactsAdded, ListSummary, PortalSummary, TokenInfo } from './admin/provisioning.js';
export { provisioningSchema } from './admin/schemas.js';
export type {
  ContactsSpec,
  LimitOverridesInput,
  ListSpec,
  PortalSpec,
  PortalUpdate,
  Provisioning,
  RotateTokenOptions,
  TokenSpec,
} from './admin/schemas.js';
export { ManualClock, OffsetClock, systemClock } from './clock.js';
export type { Clock } from './clock.js';
export type {
  AuthContext,
  RateLimitClass,
  RouteModule,
  SandboxContext,
  ScopeRequirement,
} from './context.js';
export { SandboxError } from './errors.js';
export type { SandboxErrorCode } from './errors.js';
export { faultRuleSchema } from './faults/rules.js';
export type { FaultEffect, FaultMatch, FaultRule, FaultRuleInput } from './faults/rules.js';
export {
  HubSpotHttpError,
  INVALID_AUTHENTICATION_MESSAGE,
  MISSING_SCOPES_MESSAGE,
  hubspotError,
} from './http/hubspot-errors.js';
export type { HubSpotErrorBody } from './http/hubspot-errors.js';
export type { RateLimitPolicy, RateLimitStats } from './limits/rate-limiter.js';
export { RequestLog } from './request-log.js';
export type { RequestCounts, RequestLogEntry, RequestLogFilter } from './request-log.js';
export type { ContactRecord } from './state/contacts.js';
export { effectiveLimits } from './state/portals.js';
export type { AccountType, EffectiveLimits, PortalRecord, Tier } from './state/portals.js';
