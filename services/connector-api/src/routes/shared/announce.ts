import type { ConfigChangeKind } from '@oniva-hubspot/contracts';
import type { FastifyBaseLogger } from 'fastify';

import type { MessagingPort } from '../../messaging/messaging.js';

/** Warning returned when a change was stored but could not be announced on the config-change topic. */
export interface AnnounceWarning {
  code: 'CONFIG_CHANGE_NOT_ANNOUNCED';
  message: string;
}

/**
 * Publishes a config change of `accountId`. The change is already stored when this runs, so a
 * broker failure does not undo it: it is logged and returned as a warning. Services that cached the
 * account's config may keep using the old one until they reload it.
 */
export async function announceChange(
  messaging: MessagingPort,
  logger: FastifyBaseLogger,
  accountId: string,
  change: ConfigChangeKind,
): Promise<AnnounceWarning | undefined> {
  try {
    await messaging.publishConfigChange(accountId, change);
    return undefined;
  } catch (error) {
    logger.error({ err: error, accountId, change }, 'publishing config change failed');
    return {
      code: 'CONFIG_CHANGE_NOT_ANNOUNCED',
      message:
        'The change was saved, but announcing it to the other services failed because Kafka is unavailable. ' +
        'Services that cached this account may use the old config until they reload it; check /readyz and repeat the change.',
    };
  }
}
