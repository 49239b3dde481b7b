import type { KafkaLogger } from '@oniva-hubspot/kafka';

import type {
  LinkConnection,
  LinkHubSpotApi,
  LinkObjectSchema,
  SchemaResolver,
  SchemaStore,
} from '../ports.js';
import { discoverLinkSchema } from './discover-schema.js';

/** Options of `LinkSchemaResolver`. */
export interface LinkSchemaResolverOptions {
  store: SchemaStore;
  /** Name of the link schema, e.g. `oniva_event_link`. */
  schemaName: string;
  logger: KafkaLogger;
}

/**
 * Resolves the link schema of a portal once per process: from this process's cache, then from
 * MongoDB, then from HubSpot (see `discoverLinkSchema`), saving what HubSpot returned to MongoDB
 * for every replica. Concurrent calls for one portal share one resolution; a failed one is not
 * kept, so the next batch tries again.
 */
export class LinkSchemaResolver implements SchemaResolver {
  readonly #options: LinkSchemaResolverOptions;
  readonly #resolved = new Map<number, Promise<LinkObjectSchema>>();

  constructor(options: LinkSchemaResolverOptions) {
    this.#options = options;
  }

  resolve(
    connection: LinkConnection,
    api: LinkHubSpotApi,
    signal: AbortSignal | undefined,
  ): Promise<LinkObjectSchema> {
    const portalId = connection.portalId;
    const cached = this.#resolved.get(portalId);
    if (cached !== undefined) {
      return cached;
    }

    const resolution = this.#load(connection, api, signal);
    this.#resolved.set(portalId, resolution);
    resolution.catch(() => {
      if (this.#resolved.get(portalId) === resolution) {
        this.#resolved.delete(portalId);
      }
    });
    return resolution;
  }

  async forget(schema: LinkObjectSchema): Promise<void> {
    this.#resolved.delete(schema.portalId);
    await this.#options.store.remove(schema.portalId, schema.objectTypeId);
    this.#options.logger.warn(
      { portalId: schema.portalId, objectTypeId: schema.objectTypeId },
      'cached link schema no longer exists in HubSpot; it is looked up again',
    );
  }

  async #load(
    connection: LinkConnection,
    api: LinkHubSpotApi,
    signal: AbortSignal | undefined,
  ): Promise<LinkObjectSchema> {
    const { store, schemaName, logger } = this.#options;
    const stored = await store.find(connection.portalId);
    if (stored !== undefined && stored.name === schemaName) {
      return stored;
    }

    const discovered = await discoverLinkSchema({ connection, api, schemaName, signal, logger });
    await store.save(discovered);
    return discovered;
  }
}
