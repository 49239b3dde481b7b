import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

import { modelOptions, type Timestamps } from './shared.js';

export const MARKETING_EVENT_STATES = ['active', 'cancelled', 'completed'] as const;
export type MarketingEventState = (typeof MARKETING_EVENT_STATES)[number];

/** Link between an Oniva event and its HubSpot marketing event (one to one). */
export interface MarketingEventMapping extends Timestamps {
  accountId: string;
  /** Oniva event id. */
  eventId: string;
  /** HubSpot portal the marketing event lives in. */
  portalId: number;
  /** HubSpot app id whose external ids address the event. */
  appId: number;
  /** `externalAccountId` of the marketing event in HubSpot (the Oniva account id). */
  externalAccountId: string;
  /** `externalEventId` of the marketing event in HubSpot (the Oniva event id). */
  externalEventId: string;
  /** HubSpot object id of the marketing event, once HubSpot returned it. */
  objectId?: string;
  /**
   * `<portalId>:<objectId>`, set together with `objectId` by `portalObjectKey()`. Its unique sparse
   * index allows one mapping per HubSpot object and ignores mappings whose `objectId` is unknown.
   * A compound (portalId, objectId) index cannot do this: FerretDB 1.x has no partial indexes, and
   * a sparse compound index on MongoDB still indexes documents that lack only `objectId`.
   */
  portalObjectKey?: string;
  /** Highest source `version` of the Oniva event applied to HubSpot. */
  lastAppliedVersion: number;
  state: MarketingEventState;
}

/** Returns the value of `portalObjectKey` for a marketing event object. */
export function portalObjectKey(portalId: number, objectId: string): string {
  return `${portalId}:${objectId}`;
}

export const marketingEventMappingSchema = new Schema<MarketingEventMapping>(
  {
    accountId: { type: String, required: true },
    eventId: { type: String, required: true },
    portalId: { type: Number, required: true },
    appId: { type: Number, required: true },
    externalAccountId: { type: String, required: true },
    externalEventId: { type: String, required: true },
    objectId: { type: String },
    portalObjectKey: { type: String },
    lastAppliedVersion: { type: Number, required: true, default: 0 },
    state: { type: String, enum: MARKETING_EVENT_STATES, required: true, default: 'active' },
  },
  modelOptions('marketing_event_mappings'),
);
marketingEventMappingSchema.index({ accountId: 1, eventId: 1 }, { unique: true });
marketingEventMappingSchema.index({ portalObjectKey: 1 }, { unique: true, sparse: true });

export type MarketingEventMappingModel = Model<MarketingEventMapping>;

export function marketingEventMappingModel(connection: MongooseConnection): MarketingEventMappingModel {
  return connection.model<MarketingEventMapping>('MarketingEventMapping', marketingEventMappingSchema);
}
