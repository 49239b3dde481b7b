import { logLevel } from 'kafkajs';
import type { logCreator } from 'kafkajs';

import type { KafkaLogger } from '../logger.js';

/** Returns a kafkajs `logCreator` that writes kafkajs log entries to `logger` under `component: kafkajs`. */
export function kafkajsLogCreator(logger: KafkaLogger): logCreator {
  const kafkajsLogger = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, logger: _name, ...fields } = log;
      const entry = { namespace, ...fields };
      const text = String(message);
      switch (level) {
        case logLevel.ERROR:
          kafkajsLogger.error(entry, text);
          break;
        case logLevel.WARN:
          kafkajsLogger.warn(entry, text);
          break;
        case logLevel.INFO:
          kafkajsLogger.info(entry, text);
          break;
        default:
          kafkajsLogger.debug(entry, text);
      }
    };
}
