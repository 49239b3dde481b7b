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
    private readonly config: Pick<ConfigSource, 'invalidateAccount'>,
    private readonly logger: KafkaLogger,
  ) {}

  /** Returns the failure that made the account's connection unhealthy in this batch, if any. */
  errorOf(accountId: string): Error | undefined {
    return this.failures.get(accountId);
  }

  /**
   * Marks the account's connection unhealthy once per batch and returns true. Returns false
   * when the failing token was replaced meanwhile: the records are then retried with the new
   * token instead of parked. Database errors propagate.
   */
  async record(
    accountId: string,
    tokenFingerprint: string | undefined,
    failure: ClassifiedFailure,
  ): Promise<boolean> {
    if (this.failures.has(accountId)) {
      return true;
    }

    const diagnosis = diagnoseConnectionFailure(failure);
    const marked = await this.health.markUnhealthy(accountId, tokenFingerprint, diagnosis);
    this.config.invalidateAccount(accountId);
    if (!marked) {
      this.logger.warn(
        { accountId, code: failure.code },
        'HubSpot rejected a replaced token; retrying with the new one',
      );
      return false;
    }

    this.failures.set(accountId, failure);
    this.logger.error(
      { accountId, code: failure.code, err: failure },
      'HubSpot connection marked unhealthy; parking its records',
    );
    return true;
  }
}
