import type {
  MarketingEventCreateRequestParams,
  MarketingEventDefaultResponse,
  MarketingEventPublicDefaultResponse,
  MarketingEventPublicReadResponse,
  MarketingEventPublicReadResponseV2,
  PropertyValue,
} from '@hubspot/api-client/lib/codegen/marketing/events/index.js';

import { BATCH_LIMITS, runBatch } from '../batch.js';
import type { BatchOutcome } from '../batch-outcomes.js';
import type { CallOptions, HubSpotConnection } from '../connection.js';
import { batchReplyOf, rawResultsOf } from './batch-reply.js';

/** A marketing event as Oniva sends it; HubSpot keys it by (externalAccountId, externalEventId) per app. */
export interface MarketingEventInput {
  externalAccountId: string;
  externalEventId: string;
  eventName: string;
  eventOrganizer: string;
  eventType?: string | undefined;
  /** Must be a Date: SDK 14 calls `toISOString()` on it and fails on strings. */
  startDateTime?: Date | undefined;
  endDateTime?: Date | undefined;
  eventUrl?: string | undefined;
  eventDescription?: string | undefined;
  eventCancelled?: boolean | undefined;
  eventCompleted?: boolean | undefined;
  /** Values of properties that already exist on the marketing event object; HubSpot drops unknown names. */
  customProperties?: Array<{ name: string; value: string }> | undefined;
}

/** The external ids that identify an event of this app. */
export interface MarketingEventKey {
  externalAccountId: string;
  externalEventId: string;
}

/**
 * Creates or updates an event by its external ids (`PUT /marketing/v3/marketing-events/events/{externalEventId}`).
 * Upsert is idempotent, so after a timeout or dropped connection it is safe to send again: this is
 * how an ambiguous create is resolved without a duplicate event.
 */
export async function upsertMarketingEvent(
  connection: HubSpotConnection,
  event: MarketingEventInput,
  options?: CallOptions,
): Promise<MarketingEventPublicDefaultResponse> {
  const { data } = await connection.call(
    { operation: 'marketingEvents.upsert', idempotent: true },
    (client) => client.marketing.events.basicApi.upsert(event.externalEventId, toCreateParams(event)),
    options,
  );
  return data;
}

/**
 * Upserts events in batches of 100 (`POST /marketing/v3/marketing-events/events/upsert`). Results
 * are matched to inputs by `externalEventId` when HubSpot echoes it, else by position.
 */
export async function upsertMarketingEvents(
  connection: HubSpotConnection,
  events: readonly MarketingEventInput[],
  options?: CallOptions,
): Promise<BatchOutcome<MarketingEventInput, Record<string, unknown>>[]> {
  return runBatch<MarketingEventInput, Record<string, unknown>>({
    inputs: events,
    maxBatchSize: BATCH_LIMITS.marketingEventUpsert,
    context: { operation: 'marketingEvents.batch.upsert', portalId: connection.portalId },
    mapping: {
      inputKeys: (event) => [event.externalEventId],
      resultKeys: (result) =>
        typeof result['externalEventId'] === 'string' ? [result['externalEventId']] : [],
      // NOTE: HubSpot documents no input key in these results; position is the fallback.
      positional: true,
    },
    send: async (part) => {
      const call = await connection.call(
        { operation: 'marketingEvents.batch.upsert', idempotent: true },
        (client) =>
          client.marketing.events.batchApi.upsert({ inputs: part.map(({ input }) => toCreateParams(input)) }),
        options,
      );
      const reply = batchReplyOf(call);
      return { ...reply, results: rawResultsOf(call) };
    },
  });
}

/** Reads an event by its HubSpot record id (`GET /marketing/v3/marketing-events/{objectId}`), for any app. */
export async function getMarketingEventByObjectId(
  connection: HubSpotConnection,
  objectId: string,
  options?: CallOptions,
): Promise<MarketingEventPublicReadResponseV2> {
  const { data } = await connection.call(
    { operation: 'marketingEvents.getByObjectId', idempotent: true },
    (client) => client.marketing.events.basicApi.getByObjectId(objectId),
    options,
  );
  return data;
}

/** Reads an event of this app by its external ids; HUBSPOT_NOT_FOUND when absent or created by another app. */
export async function getMarketingEventByExternalIds(
  connection: HubSpotConnection,
  key: MarketingEventKey,
  options?: CallOptions,
): Promise<MarketingEventPublicReadResponse> {
  const { data } = await connection.call(
    { operation: 'marketingEvents.getByExternalIds', idempotent: true },
    (client) => client.marketing.events.basicApi.getDetails(key.externalEventId, key.externalAccountId),
    options,
  );
  return data;
}

/** Marks an event cancelled (`POST .../events/{externalEventId}/cancel`); repeating it changes nothing. */
export async function cancelMarketingEvent(
  connection: HubSpotConnection,
  key: MarketingEventKey,
  options?: CallOptions,
): Promise<MarketingEventDefaultResponse> {
  const { data } = await connection.call(
    { operation: 'marketingEvents.cancel', idempotent: true },
    (client) => client.marketing.events.changePropertyApi.cancel(key.externalEventId, key.externalAccountId),
    options,
  );
  return data;
}

/** Marks an event completed with its final start and end (`POST .../events/{externalEventId}/complete`). */
export async function completeMarketingEvent(
  connection: HubSpotConnection,
  request: MarketingEventKey & { startDateTime: Date; endDateTime: Date },
  options?: CallOptions,
): Promise<MarketingEventDefaultResponse> {
  const { data } = await connection.call(
    { operation: 'marketingEvents.complete', idempotent: true },
    (client) =>
      client.marketing.events.changePropertyApi.complete(request.externalEventId, request.externalAccountId, {
        startDateTime: request.startDateTime,
        endDateTime: request.endDateTime,
      }),
    options,
  );
  return data;
}

function toCreateParams(event: MarketingEventInput): MarketingEventCreateRequestParams {
  return {
    externalAccountId: event.externalAccountId,
    externalEventId: event.externalEventId,
    eventName: event.eventName,
    eventOrganizer: event.eventOrganizer,
    eventType: event.eventType,
    startDateTime: event.startDateTime,
    endDateTime: event.endDateTime,
    eventUrl: event.eventUrl,
    eventDescription: event.eventDescription,
    eventCancelled: event.eventCancelled,
    eventCompleted: event.eventCompleted,
    // The SDK type demands every PropertyValue field; HubSpot reads only name and value.
    customProperties: (event.customProperties ?? []) as PropertyValue[],
  };
}
