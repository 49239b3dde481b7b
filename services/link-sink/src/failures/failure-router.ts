import { outcome, type KafkaLogger, type RecordOutcome } from '@oniva-hubspot/kafka';

import { asError } from '../errors.js';
import { parked } from '../outcomes.js';
import type { HealthStore } from '../ports.js';
import { failureKind, retryAfterMsOf } from './classify.js';
import { diagnoseConnectionFailure } from './diagnosis.js';

/** Options of `FailureRouter`. */
export interface FailureRouterOptions {
  health: HealthStore;
  /** Drops every cached value of the account in this process (config, HubSpot API). */
  invalidateAccount: (accountId: string) => void;
  logger: KafkaLogger;
}

/** The account a failed call belonged to, and the token it used. */
export interface FailedAccount {
  accountId: string;
  tokenFingerprint: string | undefined;
}

/**
 * Turns failures into record outcomes for one batch:
 * - `connection`: the first failure of an account marks its connection unhealthy with a diagnosis
 *   a person can act on, and every record of the account is parked;
 * - `permanent`: the record goes to the dead-letter topic with the error;
 * - `retriable`: the record goes to the next retry tier, waiting at least what HubSpot asked.
 */
export class FailureRouter {
  readonly #options: FailureRouterOptions;
  readonly #unhealthy = new Map<string, Error>();

  constructor(options: FailureRouterOptions) {
    this.#options = options;
  }

  /** Returns the failure that made the account's connection unhealthy in this batch, if any. */
  connectionFailureOf(accountId: string): Error | undefined {
    return this.#unhealthy.get(accountId);
  }

  /** Returns the outcome of `thrown` for the records of `account`. Database errors propagate. */
  async outcomeOf(thrown: unknown, account: FailedAccount): Promise<RecordOutcome> {
    const error = asError(thrown);
    switch (failureKind(error)) {
      case 'connection':
        return (await this.#markUnhealthy(error, account))
          ? parked(account.accountId, error)
          : outcome.retry(error);
      case 'permanent':
        return outcome.deadLetter('hubspot-rejected', error);
      case 'retriable': {
        const retryAfterMs = retryAfterMsOf(error);
        return outcome.retry(error, retryAfterMs === undefined ? {} : { retryAfterMs });
      }
    }
  }

  /**
   * Marks the account's connection unhealthy once per batch and returns true. Returns false when
   * the failing token was replaced meanwhile: the records are then retried with the new token.
   */
  async #markUnhealthy(error: Error, account: FailedAccount): Promise<boolean> {
    if (this.#unhealthy.has(account.accountId)) {
      return true;
    }

    const failure = error as Error & {
      code?: unknown;
      requiredScopes?: string[];
      resetsAt?: Date;
      details?: Record<string, unknown>;
    };
    const diagnosis = diagnoseConnectionFailure({
      code: typeof failure.code === 'string' ? failure.code : error.name,
      message: error.message,
      requiredScopes: failure.requiredScopes,
      resetsAt: failure.resetsAt,
      details: failure.details,
    });
    const marked = await this.#options.health.markUnhealthy(
      account.accountId,
      account.tokenFingerprint,
      diagnosis,
    );
    this.#options.invalidateAccount(account.accountId);
    if (!marked) {
      this.#options.logger.warn(
        { accountId: account.accountId, code: diagnosis.code },
        'HubSpot rejected a replaced token; retrying with the new one',
      );
      return false;
    }

    this.#unhealthy.set(account.accountId, error);
    this.#options.logger.error(
      { accountId: account.accountId, code: diagnosis.code, err: error },
      'HubSpot connection marked unhealthy; parking its links',
    );
    return true;
  }
}
