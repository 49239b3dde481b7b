import { isKafkaError } from '../errors.js';
import type { KafkaLogger } from '../logger.js';
import type { BatchControl } from '../port.js';

/**
 * Heartbeats on a timer while a handler runs, so a long batch keeps its partitions. The timer stops
 * after `maxDurationMs`: a handler that hangs must lose its membership rather than hold its
 * partitions forever, and its results are then not committed. Returns a function that stops it.
 */
export function startHeartbeats(input: {
  control: BatchControl;
  intervalMs: number;
  maxDurationMs: number;
  logger: KafkaLogger;
  onRebalance: (error: Error) => void;
}): () => void {
  const startedAt = Date.now();
  const timer = setInterval(() => {
    const elapsedMs = Date.now() - startedAt;
    if (elapsedMs > input.maxDurationMs) {
      clearInterval(timer);
      input.logger.warn(
        { elapsedMs, maxBatchDurationMs: input.maxDurationMs },
        'batch handler is still running after maxBatchDurationMs, heartbeats stopped',
      );
      return;
    }
    input.control.heartbeat().catch((error: unknown) => {
      if (isKafkaError(error, 'KAFKA_ERR_REBALANCE')) {
        input.onRebalance(error);
        return;
      }
      input.logger.debug({ err: error }, 'heartbeat failed');
    });
  }, input.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
