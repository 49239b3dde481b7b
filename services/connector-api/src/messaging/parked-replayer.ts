import { retryTopicName } from '@oniva-hubspot/contracts';
import {
  replayParkedRecords,
  type FailedRecordStore,
  type KafkaLogger,
  type KafkaProducer,
} from '@oniva-hubspot/kafka';

import type { ParkedReplayer } from '../deps.js';
import type { MessagingPort } from './messaging.js';

export interface ParkedReplayerOptions {
  producer: KafkaProducer;
  store: FailedRecordStore;
  messaging: MessagingPort;
  /** Source topics whose parked records are replayed: bookings, events and links. */
  sourceTopics: readonly string[];
  logger: KafkaLogger;
}

/**
 * Returns a replayer that sends an account's parked records of every source topic to that topic's
 * first retry tier (with `replayParkedRecords` of the Kafka runtime) after making sure the retry
 * topic exists.
 */
export function createParkedReplayer(options: ParkedReplayerOptions): ParkedReplayer {
  return async (accountId) => {
    let replayed = 0;
    for (const sourceTopic of options.sourceTopics) {
      await options.messaging.ensureTopicLike(retryTopicName(sourceTopic, 1), sourceTopic);
      const result = await replayParkedRecords({
        producer: options.producer,
        store: options.store,
        sourceTopic,
        accountId,
        logger: options.logger,
      });
      replayed += result.replayed;
    }
    return replayed;
  };
}
