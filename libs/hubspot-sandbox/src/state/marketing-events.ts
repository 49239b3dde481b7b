import { conflict } from '../http/hubspot-errors.js';

/** Event fields a caller may set; dates are epoch milliseconds. */
export interface MarketingEventFields {
  eventName: string;
  eventOrganizer: string;
  eventType?: string;
  startDateTime?: number;
  endDateTime?: number;
  eventUrl?: string;
  eventDescription?: string;
  eventCancelled: boolean;
  eventCompleted: boolean;
}

/** A marketing event as stored, owned by the private app that created it. */
export interface MarketingEventRecord extends MarketingEventFields {
  readonly objectId: string;
  readonly appId: number;
  readonly externalAccountId: string;
  readonly externalEventId: string;
  /** Values of custom properties that exist on the marketing event object, by name. */
  customProperties: Map<string, string>;
  readonly createdAt: number;
  updatedAt: number;
}

export interface CustomPropertyInput {
  name: string;
  value: string;
}

/** Body of create and upsert: the external ids plus the event fields. */
export interface MarketingEventInput extends Partial<MarketingEventFields> {
  externalAccountId: string;
  externalEventId: string;
  eventName: string;
  eventOrganizer: string;
  customProperties?: CustomPropertyInput[];
}

/** Body of PATCH and batch update: any subset of the event fields. */
export interface MarketingEventPatch extends Partial<MarketingEventFields> {
  customProperties?: CustomPropertyInput[];
}

/**
 * Marketing events of one portal. External ids are unique per app, so the external-id
 * endpoints reach only the calling app's own events, while objectIds reach every event.
 */
export class MarketingEventStore {
  private readonly byObjectId = new Map<string, MarketingEventRecord>();
  private readonly byExternalKey = new Map<string, string>();

  /**
   * @param nextObjectId allocates objectIds.
   * @param customPropertyNames returns the custom properties that exist on the marketing event
   *   object; values for other names are dropped, as HubSpot does.
   */
  constructor(
    private readonly nextObjectId: () => string,
    private readonly customPropertyNames: () => ReadonlySet<string>,
  ) {}

  get(objectId: string): MarketingEventRecord | undefined {
    return this.byObjectId.get(objectId);
  }

  findByExternalIds(
    appId: number,
    externalAccountId: string,
    externalEventId: string,
  ): MarketingEventRecord | undefined {
    const objectId = this.byExternalKey.get(externalKey(appId, externalAccountId, externalEventId));
    return objectId === undefined ? undefined : this.byObjectId.get(objectId);
  }

  /**
   * Creates an event for `appId`. Throws 409 CONFLICT when the app already has an event with
   * these external ids.
   * NOTE: HubSpot does not document what a repeated create returns; 409 is the sandbox's choice.
   */
  create(appId: number, input: MarketingEventInput, now: number): MarketingEventRecord {
    const existing = this.findByExternalIds(appId, input.externalAccountId, input.externalEventId);
    if (existing !== undefined) {
      throw conflict(
        `A marketing event with externalAccountId "${input.externalAccountId}" and externalEventId "${input.externalEventId}" already exists. Existing ID: ${existing.objectId}. Use PUT /marketing/v3/marketing-events/events/{externalEventId} to update it.`,
        { context: { objectId: [existing.objectId] } },
      );
    }

    const record: MarketingEventRecord = {
      objectId: this.nextObjectId(),
      appId,
      externalAccountId: input.externalAccountId,
      externalEventId: input.externalEventId,
      eventName: input.eventName,
      eventOrganizer: input.eventOrganizer,
      eventCancelled: input.eventCancelled ?? false,
      eventCompleted: input.eventCompleted ?? false,
      customProperties: new Map(),
      createdAt: now,
      updatedAt: now,
    };
    this.applyPatch(record, input);
    this.byObjectId.set(record.objectId, record);
    this.byExternalKey.set(
      externalKey(appId, record.externalAccountId, record.externalEventId),
      record.objectId,
    );
    return record;
  }

  /**
   * Creates the app's event with these external ids, or updates it. Fields the body omits keep
   * their values.
   * NOTE: HubSpot does not document whether an upsert clears omitted fields; the sandbox keeps them.
   */
  upsert(
    appId: number,
    input: MarketingEventInput,
    now: number,
  ): { record: MarketingEventRecord; created: boolean } {
    const existing = this.findByExternalIds(appId, input.externalAccountId, input.externalEventId);
    if (existing === undefined) return { record: this.create(appId, input, now), created: true };
    return { record: this.update(existing, input, now), created: false };
  }

  /** Applies the fields present in `patch`; `customProperties` are merged by name. */
  update(record: MarketingEventRecord, patch: MarketingEventPatch, now: number): MarketingEventRecord {
    this.applyPatch(record, patch);
    record.updatedAt = now;
    return record;
  }

  delete(objectId: string): boolean {
    const record = this.byObjectId.get(objectId);
    if (record === undefined) return false;
    this.byExternalKey.delete(externalKey(record.appId, record.externalAccountId, record.externalEventId));
    return this.byObjectId.delete(objectId);
  }

  /** Lists every event of the portal by ascending objectId. */
  list(): MarketingEventRecord[] {
    return [...this.byObjectId.values()].sort(
      (left, right) => Number(left.objectId) - Number(right.objectId),
    );
  }

  /** Events of `appId` whose externalEventId equals `query`. */
  search(appId: number, query: string): MarketingEventRecord[] {
    return this.list().filter((record) => record.appId === appId && record.externalEventId === query);
  }

  /**
   * Events of any app with this externalEventId that were created at or before `createdUpTo`.
   * HubSpot indexes events for this lookup a few minutes after creation.
   */
  identifiers(externalEventId: string, createdUpTo: number): MarketingEventRecord[] {
    return this.list().filter(
      (record) => record.externalEventId === externalEventId && record.createdAt <= createdUpTo,
    );
  }

  private applyPatch(record: MarketingEventRecord, patch: MarketingEventPatch): void {
    if (patch.eventName !== undefined) record.eventName = patch.eventName;
    if (patch.eventOrganizer !== undefined) record.eventOrganizer = patch.eventOrganizer;
    if (patch.eventType !== undefined) record.eventType = patch.eventType;
    if (patch.startDateTime !== undefined) record.startDateTime = patch.startDateTime;
    if (patch.endDateTime !== undefined) record.endDateTime = patch.endDateTime;
    if (patch.eventUrl !== undefined) record.eventUrl = patch.eventUrl;
    if (patch.eventDescription !== undefined) record.eventDescription = patch.eventDescription;
    if (patch.eventCancelled !== undefined) record.eventCancelled = patch.eventCancelled;
    if (patch.eventCompleted !== undefined) record.eventCompleted = patch.eventCompleted;

    const known = this.customPropertyNames();
    for (const property of patch.customProperties ?? []) {
      if (known.has(property.name)) record.customProperties.set(property.name, property.value);
    }
  }
}

function externalKey(appId: number, externalAccountId: string, externalEventId: string): string {
  return JSON.stringify([appId, externalAccountId, externalEventId]);
}
