import type { KafkaLogger } from '../logger.js';
import type { KafkaConsumer } from '../port.js';

/** Share of the shutdown timeout that the batch in progress may use before it is abandoned. */
const BATCH_GRACE_SHARE = 0.8;
/** Minimum time each client gets to disconnect, even when the batch used up the timeout. */
const MIN_DISCONNECT_MS = 1_000;

/**
 * Stops the consumer (which waits for the batch in progress), abandons that batch when it takes
 * more than 80 % of `timeoutMs`, then disconnects the consumer and the producers. Returns true when
 * something did not stop in time.
 */
export async function stopWithin(input: {
  timeoutMs: number;
  logger: KafkaLogger;
  consumer: KafkaConsumer | undefined;
  producers: readonly ({ disconnect(): Promise<void> } | undefined)[];
  abandonBatch: () => void;
}): Promise<boolean> {
  const { logger, consumer } = input;
  const deadline = Date.now() + input.timeoutMs;
  let timedOut = false;

  if (consumer !== undefined) {
    const stopped = settle(consumer.stop(), logger, 'stopping the consumer failed');
    let done = await within(stopped, input.timeoutMs * BATCH_GRACE_SHARE);
    if (!done) {
      logger.warn({}, 'batch still running at shutdown, abandoning it uncommitted');
      input.abandonBatch();
      done = await within(stopped, deadline - Date.now());
    }
    timedOut ||= !done;
    const disconnected = settle(consumer.disconnect(), logger, 'disconnecting the consumer failed');
    timedOut ||= !(await within(disconnected, Math.max(deadline - Date.now(), MIN_DISCONNECT_MS)));
  }

  for (const producer of input.producers) {
    if (producer === undefined) {
      continue;
    }
    const disconnected = settle(producer.disconnect(), logger, 'disconnecting a producer failed');
    timedOut ||= !(await within(disconnected, Math.max(deadline - Date.now(), MIN_DISCONNECT_MS)));
  }
  return timedOut;
}

function settle(promise: Promise<void>, logger: KafkaLogger, message: string): Promise<void> {
  return promise.catch((error: unknown) => logger.warn({ err: error }, message));
}

/** Resolves true when `promise` settles within `ms`, false otherwise. */
async function within(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, ms));
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
