import type { StoreModels } from '@oniva-hubspot/store';

import type { ConnectionDiagnosis, HealthStore } from '../ports.js';

/** Connection health on the store's `Connection` model. */
export class MongoHealthStore implements HealthStore {
  readonly #models: Pick<StoreModels, 'Connection'>;
  readonly #now: () => Date;

  constructor(models: Pick<StoreModels, 'Connection'>, now: () => Date = () => new Date()) {
    this.#models = models;
    this.#now = now;
  }

  async markUnhealthy(
    accountId: string,
    tokenFingerprint: string | undefined,
    diagnosis: ConnectionDiagnosis,
  ): Promise<boolean> {
    const now = this.#now();
    // The filter names the failing token: when a person saved a new token meanwhile, the
    // fingerprint differs and the new token keeps its health.
    const result = await this.#models.Connection.updateOne(
      { accountId, tokenFingerprint: tokenFingerprint ?? null, deletedAt: null },
      {
        $set: {
          health: { state: 'unhealthy', ...diagnosis, since: now, checkedAt: now },
          lastError: { code: diagnosis.code, message: diagnosis.message, at: now },
        },
      },
    );
    return result.matchedCount > 0;
  }

  async markRecovered(accountId: string, unhealthySince: Date): Promise<boolean> {
    const now = this.#now();
    const result = await this.#models.Connection.updateOne(
      { accountId, 'health.state': 'unhealthy', 'health.since': unhealthySince },
      { $set: { health: { state: 'unknown', since: now, checkedAt: now } } },
    );
    return result.modifiedCount > 0;
  }
}
