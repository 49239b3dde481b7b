import { upsertWithRetry, type StoreModels } from '@oniva-hubspot/store';

import type { LinkObjectSchema, SchemaStore } from '../ports.js';

/**
 * Link schemas on the store's `CustomObjectSchema` model, one per portal (unique `portalId`).
 * Every replica resolves the same schema from HubSpot, so concurrent saves write equal values.
 */
export class MongoSchemaStore implements SchemaStore {
  readonly #models: Pick<StoreModels, 'CustomObjectSchema'>;

  constructor(models: Pick<StoreModels, 'CustomObjectSchema'>) {
    this.#models = models;
  }

  async find(portalId: number): Promise<LinkObjectSchema | undefined> {
    const stored = await this.#models.CustomObjectSchema.findOne({ portalId }).lean();
    if (stored === null) {
      return undefined;
    }
    return {
      portalId: stored.portalId,
      name: stored.name,
      objectTypeId: stored.objectTypeId,
      fullyQualifiedName: stored.fullyQualifiedName,
      uniqueProperty: stored.uniqueProperty,
      associationTypeIds: {
        toContact: stored.associationTypeIds.toContact,
        fromContact: stored.associationTypeIds.fromContact,
      },
    };
  }

  async save(schema: LinkObjectSchema): Promise<void> {
    await upsertWithRetry(
      this.#models.CustomObjectSchema,
      { portalId: schema.portalId },
      { $set: { ...schema } },
    );
  }

  async remove(portalId: number, objectTypeId: string): Promise<void> {
    await this.#models.CustomObjectSchema.deleteOne({ portalId, objectTypeId });
  }
}
