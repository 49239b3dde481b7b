import type { KafkaLogger } from '@oniva-hubspot/kafka';
import type { StoreModels } from '@oniva-hubspot/store';

import { loadConnection } from '../adapters/mongo-config-source.js';
import type { HealthStore } from '../ports.js';
import { DAILY_LIMIT_CODE, hasDailyLimitReset } from './diagnosis.js';

/** Options of `ConnectionRecovery`. */
export interface ConnectionRecoveryOptions {
  models: Pick<StoreModels, 'Connection' | 'ParkedMessage'>;
  health: HealthStore;
  /** Drops every cached value of the account in this process. */
  invalidate: (accountId: string) => void;
  /** Replays the account's parked records and returns how many were replayed. */
  replay: (accountId: string) => Promise<number>;
  logger: KafkaLogger;
  now?: () => Date;
}

/**
 * Brings parked records of a connection back once the connection works again: after a person
 * changed it (a config change, e.g. a new token), or when the daily API limit has reset.
 * Replaying is idempotent, so several replicas doing it at once only repeat records that the
 * ledger then skips.
 */
export class ConnectionRecovery {
  private readonly now: () => Date;
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;

  constructor(private readonly options: ConnectionRecoveryOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Handles a change of the account's connection at `changedAt`. A connection that became
   * unhealthy before the change is set back to `unknown`, because the change (new token, new
   * scopes) may have fixed it. If it did not, the first replayed record marks it again. Then the
   * parked records are replayed, unless the connection was marked unhealthy after the change.
   */
  async onConnectionChanged(accountId: string, changedAt: Date): Promise<void> {
    this.options.invalidate(accountId);
    const connection = await loadConnection(this.options.models, accountId);
    if (connection === undefined) {
      return;
    }

    const { health } = connection;
    if (health.state === 'unhealthy') {
      if (health.since === undefined || health.since.getTime() >= changedAt.getTime()) {
        return;
      }
      await this.options.health.markRecovered(accountId, health.since);
      this.options.invalidate(accountId);
      this.options.logger.info(
        { accountId, previousCode: health.code },
        'connection changed; trying it again',
      );
    }
    await this.replay(accountId);
  }

  /**
   * Replays parked records of every account whose connection is no longer unhealthy, and
   * recovers connections whose daily limit has reset. Errors are logged, never thrown.
   */
  sweep(): Promise<void> {
    this.sweeping ??= this.runSweep().finally(() => {
      this.sweeping = undefined;
    });
    return this.sweeping;
  }

  /** Runs `sweep` now and then every `intervalMs`. */
  start(intervalMs: number): void {
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a running sweep. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sweeping;
  }

  private async runSweep(): Promise<void> {
    try {
      const parkedAccounts = await this.options.models.ParkedMessage.distinct('accountId', {
        reason: 'connection-unhealthy',
      });
      const dailyLimited = await this.options.models.Connection.find(
        { 'health.state': 'unhealthy', 'health.code': DAILY_LIMIT_CODE },
        { accountId: 1 },
      ).lean();
      const accountIds = new Set<string>([
        ...parkedAccounts.map(String),
        ...dailyLimited.map((doc) => doc.accountId),
      ]);

      for (const accountId of accountIds) {
        await this.recoverAccount(accountId);
      }
    } catch (error) {
      this.options.logger.error({ err: error }, 'connection recovery sweep failed');
    }
  }

  private async recoverAccount(accountId: string): Promise<void> {
    const connection = await loadConnection(this.options.models, accountId);
    if (connection === undefined) {
      return;
    }

    const { health } = connection;
    if (health.state === 'unhealthy') {
      if (!hasDailyLimitReset(health, connection.portalTimeZone, this.now())) {
        return;
      }
      await this.options.health.markRecovered(accountId, health.since!);
      this.options.invalidate(accountId);
      this.options.logger.info({ accountId }, 'daily API limit has reset; resuming the connection');
    }
    await this.replay(accountId);
  }

  private async replay(accountId: string): Promise<void> {
    const replayed = await this.options.replay(accountId);
    if (replayed > 0) {
      this.options.logger.info({ accountId, replayed }, 'parked records replayed');
    }
  }
}
