import type { KafkaLogger } from '@oniva-hubspot/kafka';

import type { ClassifiedFailure } from '../failures.js';
import type { ConfigSource, HealthStore } from '../ports.js';
import { diagnoseConnectionFailure } from './diagnosis.js';

/**
 * Connection-level failures seen while processing one batch. The first failure of an account
 * marks its connection unhealthy (with a diagnosis a person can act on) and drops the cached
 * config, so later batches park the account's records without calling HubSpot. Within the batch,
 * every later record of the account is parked with the same error.
 */
export class ConnectionFailures {
  private readonly failures = new Map<string, Error>();

  constructor(
    private readonly health: HealthStore,
    private readonly config: ConfigSource,
    private readonly logger: KafkaLogger,
  ) {}

  /** Returns the failure that made the account's connection unhealthy in this batch, if any. */
  errorOf(accountId: string): Error | undefined {
    return this.failures.get(accountId);
  }

  /** Marks the account's connection unhealthy once per batch. Database errors propagate. */
  async record(accountId: string, failure: ClassifiedFailure): Promise<void> {
    if (this.failures.has(accountId)) {
      return;
    }
    this.failures.set(accountId, failure);

    const diagnosis = diagnoseConnectionFailure(failure);
    await this.health.markUnhealthy(accountId, diagnosis);
    this.config.invalidateAccount(accountId);
    this.logger.error(
      { accountId, code: failure.code, err: failure },
      'HubSpot connection marked unhealthy; parking its records',
    );
  }
}
