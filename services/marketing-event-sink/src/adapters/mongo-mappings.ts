import { portalObjectKey, upsertWithRetry, type StoreModels } from '@oniva-hubspot/store';

import type { MappingStore, MarketingEventLink } from '../ports.js';

/** Marketing event mappings on the store's `MarketingEventMapping` model, one per (accountId, eventId). */
export class MongoMappingStore implements MappingStore {
  constructor(private readonly models: Pick<StoreModels, 'MarketingEventMapping'>) {}

  async find(accountId: string, eventId: string): Promise<MarketingEventLink | undefined> {
    const mapping = await this.models.MarketingEventMapping.findOne({ accountId, eventId }).lean();
    if (mapping === null || mapping.objectId === undefined) {
      return undefined;
    }
    return {
      accountId,
      eventId,
      portalId: mapping.portalId,
      appId: mapping.appId,
      objectId: mapping.objectId,
      state: mapping.state,
      lastAppliedVersion: mapping.lastAppliedVersion,
    };
  }

  async save(link: MarketingEventLink): Promise<void> {
    const set: Record<string, unknown> = {
      portalId: link.portalId,
      appId: link.appId,
      externalAccountId: link.accountId,
      externalEventId: link.eventId,
      objectId: link.objectId,
      portalObjectKey: portalObjectKey(link.portalId, link.objectId),
      state: link.state,
    };
    // A save from the booking path has no event version and must not reset the stored one.
    if (link.lastAppliedVersion !== undefined) {
      set['lastAppliedVersion'] = link.lastAppliedVersion;
    }
    await upsertWithRetry(
      this.models.MarketingEventMapping,
      { accountId: link.accountId, eventId: link.eventId },
      { $set: set },
    );
  }
}
