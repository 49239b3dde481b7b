import type { StoreModels } from '@oniva-hubspot/store';

import { AccountCache } from '../enrichment/account-cache.js';
import type { ActivationConfig, ConnectionConfig, RecordContext } from '../enrichment/account-config.js';
import { effectiveStatusMapping } from '../enrichment/status-mapping.js';
import type { ConfigSource } from '../ports.js';

/** Options of `MongoConfigSource`. */
export interface MongoConfigSourceOptions {
  models: Pick<StoreModels, 'Connection' | 'Activation'>;
  /** Lifetime of cached values in milliseconds; config changes drop them earlier. */
  ttlMs: number;
  now?: () => number;
}

/**
 * Reads connections and activations from MongoDB, caching them per account for `ttlMs`. A
 * deleted connection counts as no connection.
 */
export class MongoConfigSource implements ConfigSource {
  private readonly connections: AccountCache<ConnectionConfig | undefined>;
  private readonly activations: AccountCache<ActivationConfig | undefined>;
  private readonly models: MongoConfigSourceOptions['models'];

  constructor(options: MongoConfigSourceOptions) {
    this.models = options.models;
    this.connections = new AccountCache({ ttlMs: options.ttlMs, now: options.now });
    this.activations = new AccountCache({ ttlMs: options.ttlMs, now: options.now });
  }

  async recordContext(ids: {
    accountId: string;
    workspaceId: string;
    eventId: string;
  }): Promise<RecordContext> {
    const { accountId, workspaceId, eventId } = ids;
    const [connection, workspaceActivation, eventActivation] = await Promise.all([
      this.connection(accountId),
      this.activations.get(accountId, JSON.stringify([workspaceId, null]), () =>
        this.loadActivation(accountId, workspaceId, null),
      ),
      this.activations.get(accountId, JSON.stringify([workspaceId, eventId]), () =>
        this.loadActivation(accountId, workspaceId, eventId),
      ),
    ]);
    return { connection, workspaceActivation, eventActivation };
  }

  /** Returns the account's connection config, from the cache when fresh. */
  connection(accountId: string): Promise<ConnectionConfig | undefined> {
    return this.connections.get(accountId, 'connection', () => loadConnection(this.models, accountId));
  }

  invalidateAccount(accountId: string): void {
    this.connections.invalidateAccount(accountId);
    this.activations.invalidateAccount(accountId);
  }

  private async loadActivation(
    accountId: string,
    workspaceId: string,
    eventId: string | null,
  ): Promise<ActivationConfig | undefined> {
    const activation = await this.models.Activation.findOne({ accountId, workspaceId, eventId }).lean();
    if (activation === null) {
      return undefined;
    }
    return { activatedAt: activation.activatedAt, active: activation.deactivatedAt == null };
  }
}

/** Reads one connection without a cache; undefined when absent or deleted. */
export async function loadConnection(
  models: Pick<StoreModels, 'Connection'>,
  accountId: string,
): Promise<ConnectionConfig | undefined> {
  const connection = await models.Connection.findOne({ accountId }).lean();
  if (connection === null || connection.deletedAt != null) {
    return undefined;
  }

  // A lean read returns the status mapping Map as a plain object.
  const mapping = connection.statusMapping as unknown as
    Record<string, string> | Map<string, string> | undefined;
  const overrides = mapping instanceof Map ? Object.fromEntries(mapping) : mapping;
  return {
    accountId,
    portalId: connection.portalId,
    appId: connection.appId,
    marketingEventsEnabled: connection.features?.marketingEvents === true,
    statusMapping: effectiveStatusMapping(overrides),
    portalTimeZone: connection.portalTimeZone,
    health: {
      state: connection.health?.state ?? 'unknown',
      code: connection.health?.code,
      message: connection.health?.message,
      since: connection.health?.since,
    },
    tokenFingerprint: connection.tokenFingerprint,
  };
}
