import type { HealthChecks, Logger, Registry } from '@oniva-hubspot/observability';
import type { StoreModels, TokenCipher } from '@oniva-hubspot/store';

import type { ConnectorApiConfig } from './config.js';
import type { HubSpotPort } from './hubspot/port.js';
import type { MessagingPort } from './messaging/messaging.js';

/**
 * Replays the parked records of an account to their sources' first retry tier and removes them
 * from the parked collection once the broker acknowledged them. Returns how many were replayed.
 */
export type ParkedReplayer = (accountId: string) => Promise<number>;

/** Everything `buildApp` needs; `main.ts` builds the real ones, tests pass their own. */
export interface AppDependencies {
  config: ConnectorApiConfig;
  /** The environment `config` was parsed from, for `@fastify/env`. */
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  models: StoreModels;
  cipher: TokenCipher;
  hubspot: HubSpotPort;
  messaging: MessagingPort;
  replayParked: ParkedReplayer;
  registry: Registry;
  /** Checks behind `/readyz`, e.g. `{ mongodb, kafka }`. */
  readiness: HealthChecks;
  /** Current time; tests may pin it. */
  now: () => Date;
}
