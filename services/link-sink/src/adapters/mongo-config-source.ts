import type { StoreModels } from '@oniva-hubspot/store';

import { AccountTtlCache } from '../enrichment/ttl-cache.js';
import type { ActivationState, ConfigSource, GateContext, LinkConnection } from '../ports.js';

/**
 * Reads connections and activations from MongoDB and caches them per account for `ttlMs`.
 * A deleted connection counts as none.
 */
export class MongoConfigSource implements ConfigSource {
  readonly #models: Pick<StoreModels, 'Connection' | 'Activation'>;
  readonly #connections: AccountTtlCache<LinkConnection | undefined>;
  readonly #activations: AccountTtlCache<ActivationState | undefined>;

  constructor(options: { models: Pick<StoreModels, 'Connection' | 'Activation'>; ttlMs: number }) {
    this.#models = options.models;
    this.#connections = new AccountTtlCache({ ttlMs: options.ttlMs });
    this.#activations = new AccountTtlCache({ ttlMs: options.ttlMs });
  }

  async gateContext(ids: { accountId: string; workspaceId: string; eventId: string }): Promise<GateContext> {
    const { accountId, workspaceId, eventId } = ids;
    const [connection, workspaceActivation, eventActivation] = await Promise.all([
      this.connection(accountId),
      this.#activation(accountId, workspaceId, null),
      this.#activation(accountId, workspaceId, eventId),
    ]);
    return { connection, workspaceActivation, eventActivation };
  }

  /** Returns the account's connection, from the cache while it is fresh. */
  connection(accountId: string): Promise<LinkConnection | undefined> {
    return this.#connections.get(accountId, 'connection', () => loadConnection(this.#models, accountId));
  }

  invalidateAccount(accountId: string): void {
    this.#connections.invalidateAccount(accountId);
    this.#activations.invalidateAccount(accountId);
  }

  #activation(
    accountId: string,
    workspaceId: string,
    eventId: string | null,
  ): Promise<ActivationState | undefined> {
    // A workspace activation is stored with eventId null; the key keeps it apart from event ids.
    const key = eventId === null ? `workspace:${workspaceId}` : `event:${workspaceId}:${eventId}`;
    return this.#activations.get(accountId, key, async () => {
      const activation = await this.#models.Activation.findOne({ accountId, workspaceId, eventId }).lean();
      if (activation === null) {
        return undefined;
      }
      return { activatedAt: activation.activatedAt, active: activation.deactivatedAt == null };
    });
  }
}

/** Reads one connection without a cache; undefined when absent or deleted. */
export async function loadConnection(
  models: Pick<StoreModels, 'Connection'>,
  accountId: string,
): Promise<LinkConnection | undefined> {
  const stored = await models.Connection.findOne({ accountId }).lean();
  if (stored === null || stored.deletedAt != null) {
    return undefined;
  }
  return {
    accountId,
    portalId: stored.portalId,
    appId: stored.appId,
    portalTimeZone: stored.portalTimeZone,
    scopes: stored.scopes ?? [],
    customObjectsEnabled: stored.features?.customObjects === true,
    health: {
      state: stored.health?.state ?? 'unknown',
      code: stored.health?.code,
      message: stored.health?.message,
      since: stored.health?.since,
    },
    tokenFingerprint: stored.tokenFingerprint,
  };
}
