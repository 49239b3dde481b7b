/**
 * The only way services call HubSpot: SDK clients with timeouts, one error taxonomy, retries,
 * a per-portal rate limit shared through MongoDB, batch helpers and thin domain operations.
 *
 * @example
 * ```ts
 * import { HubSpotGateway, upsertContactsByEmail } from '@oniva-hubspot/hubspot-gateway';
 *
 * const gateway = new HubSpotGateway({ mongo: mongooseConnection, registry, logger });
 * const hubspot = gateway.connect({ accessToken, portalId: 123, appId: 456, timeZone: 'Europe/Berlin' });
 * const outcomes = await upsertContactsByEmail(hubspot, [{ email: 'ada@example.com', properties: {} }]);
 * for (const outcome of outcomes) {
 *   if (!outcome.ok) route(outcome.error.kind); // 'retriable' | 'connection' | 'permanent'
 * }
 * ```
 */
export { HubSpotGateway, HUBSPOT_BASE_PATH, type GatewayOptions, type ConnectOptions } from './gateway.js';
export { HubSpotConnection, type CallSpec, type CallOptions, type CallResult } from './connection.js';
export {
  HubSpotError,
  HUBSPOT_ERROR_CODES,
  isHubSpotError,
  type HubSpotErrorCode,
  type HubSpotErrorKind,
  type HubSpotErrorDetails,
  type RequestLine,
} from './errors.js';
export { classifyFailure, classifyItemError, type FailedCall, type CapturedResponse } from './classify.js';
export {
  withRetry,
  backoffDelayMs,
  retryDelayMs,
  retryPolicySchema,
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
  type RetryPolicyInput,
  type RetryOptions,
} from './retry.js';
export { BATCH_LIMITS, chunk, runBatch, type BatchRun } from './batch.js';
export {
  mapBatchOutcomes,
  type BatchOutcome,
  type BatchReply,
  type OutcomeMapping,
  type TracedInput,
} from './batch-outcomes.js';
export { nextDailyReset } from './daily-reset.js';
export { createGatewayMetrics, type GatewayMetrics } from './metrics.js';
export { RateLimiter } from './rate-limit/rate-limiter.js';
export {
  rateLimitOptionsSchema,
  type RateLimitOptions,
  type RateLimitOptionsInput,
  type RateBucket,
} from './rate-limit/options.js';
export { MongoWindowStore, RATE_WINDOW_COLLECTION } from './rate-limit/mongo-window-store.js';
export { MemoryWindowStore } from './rate-limit/memory-window-store.js';
export type { WindowStore } from './rate-limit/window-store.js';
export { parseRateLimitHeaders, type RateLimitHeaders } from './rate-limit/headers.js';
export {
  getTokenInfo,
  getAccountDetails,
  type TokenInfo,
  type AccountDetails,
} from './operations/account.js';
export {
  searchLists,
  getList,
  getListMembershipsPage,
  type ListSearch,
  type MembershipPageRequest,
} from './operations/lists.js';
export { getContactProperties } from './operations/properties.js';
export {
  readContactsByIds,
  upsertContactsByEmail,
  type ContactReadRequest,
  type ContactUpsert,
} from './operations/contacts.js';
export {
  upsertMarketingEvent,
  upsertMarketingEvents,
  getMarketingEventByObjectId,
  getMarketingEventByExternalIds,
  cancelMarketingEvent,
  completeMarketingEvent,
  type MarketingEventInput,
  type MarketingEventKey,
} from './operations/marketing-events.js';
export {
  recordAttendanceByEmail,
  getParticipationCounters,
  getParticipationBreakdown,
  ATTENDANCE_STATES,
  type AttendanceState,
  type AttendanceByEmail,
  type AttendanceRequest,
  type BreakdownRequest,
} from './operations/attendance.js';
export {
  listSchemas,
  getSchema,
  findSchemaByName,
  createSchema,
  upsertRecords,
  type RecordUpsert,
  type RecordUpsertRequest,
} from './operations/custom-objects.js';
export {
  getAssociationTypes,
  createAssociations,
  type AssociationInput,
  type AssociationRequest,
} from './operations/associations.js';
