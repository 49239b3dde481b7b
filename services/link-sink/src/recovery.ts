import { nextDailyReset } from '@oniva-hubspot/hubspot-gateway';
import type { KafkaLogger } from '@oniva-hubspot/kafka';
import type { StoreModels } from '@oniva-hubspot/store';

import { loadConnection } from './adapters/mongo-config-source.js';
import { DAILY_LIMIT_CODE } from './failures/diagnosis.js';
import { PARK_REASON } from './outcomes.js';
import type { HealthStore, LinkConnection } from './ports.js';

/** Options of `ParkedLinkRecovery`. */
export interface ParkedLinkRecoveryOptions {
  models: Pick<StoreModels, 'Connection' | 'ParkedMessage'>;
  health: HealthStore;
  /** Source topic whose parked records this sink replays. */
  sourceTopic: string;
  /** Drops every cached value of the account in this process. */
  invalidateAccount: (accountId: string) => void;
  /** Replays the account's parked links; returns how many were replayed. */
  replay: (accountId: string) => Promise<number>;
  logger: KafkaLogger;
  now?: () => Date;
}

/**
 * Brings parked links back once their connection works again. The connector API replays parked
 * records right after a person fixes a connection. This sweep also catches links that a replica
 * parked with the old config still cached, and connections whose daily API limit has reset.
 * Replaying is idempotent, because the ledger skips a link replayed a second time.
 */
export class ParkedLinkRecovery {
  readonly #options: ParkedLinkRecoveryOptions;
  readonly #now: () => Date;
  #timer: NodeJS.Timeout | undefined;
  #sweeping: Promise<void> | undefined;

  constructor(options: ParkedLinkRecoveryOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  /** Runs `sweep` now and then every `intervalMs`. */
  start(intervalMs: number): void {
    void this.sweep();
    this.#timer = setInterval(() => void this.sweep(), intervalMs);
    this.#timer.unref();
  }

  /** Stops the timer and waits for a running sweep. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#sweeping;
  }

  /** Replays the parked links of every account whose connection can take writes; logs errors instead of throwing. */
  sweep(): Promise<void> {
    this.#sweeping ??= this.#sweep().finally(() => {
      this.#sweeping = undefined;
    });
    return this.#sweeping;
  }

  /** Replays the account's parked links after its connection changed, unless it is still unhealthy. */
  async onConnectionChanged(accountId: string): Promise<void> {
    this.#options.invalidateAccount(accountId);
    await this.#recover(accountId);
  }

  async #sweep(): Promise<void> {
    try {
      const accountIds = await this.#options.models.ParkedMessage.distinct('accountId', {
        'source.topic': this.#options.sourceTopic,
        reason: PARK_REASON,
      });
      for (const accountId of accountIds) {
        await this.#recover(String(accountId));
      }
    } catch (error) {
      this.#options.logger.error({ err: error }, 'parked link recovery sweep failed');
    }
  }

  async #recover(accountId: string): Promise<void> {
    const connection = await loadConnection(this.#options.models, accountId);
    if (connection === undefined) {
      return;
    }
    if (connection.health.state === 'unhealthy') {
      if (!this.#dailyLimitHasReset(connection)) {
        return;
      }
      await this.#options.health.markRecovered(accountId, connection.health.since!);
      this.#options.invalidateAccount(accountId);
      this.#options.logger.info({ accountId }, 'daily API limit has reset; resuming the connection');
    }

    const replayed = await this.#options.replay(accountId);
    if (replayed > 0) {
      this.#options.logger.info({ accountId, replayed }, 'parked links replayed');
    }
  }

  // HubSpot resets a portal's daily counter at midnight in the portal's time zone.
  #dailyLimitHasReset(connection: LinkConnection): boolean {
    const { code, since } = connection.health;
    if (code !== DAILY_LIMIT_CODE || since === undefined) {
      return false;
    }
    return this.#now().getTime() >= nextDailyReset(since, connection.portalTimeZone).getTime();
  }
}
