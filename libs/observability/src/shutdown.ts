import type { Logger } from 'pino';

export interface ShutdownOptions {
  /** Time the handler may take. When it runs longer, the process exits with code 1. */
  timeoutMs: number;
  logger: Logger;
  /** Function that ends the process. Default `process.exit`, and tests pass their own. */
  exit?: (code: number) => void;
}

/**
 * Runs `handler` once on the first of `signals`, then exits with code 0, or with code 1 when the
 * handler throws or exceeds `timeoutMs`. A second signal during shutdown exits at once with code 1,
 * so a person can interrupt a stuck shutdown. Returns a function that removes the listeners.
 */
export function onShutdown(
  signals: readonly NodeJS.Signals[],
  handler: (signal: NodeJS.Signals) => Promise<void> | void,
  options: ShutdownOptions,
): () => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let started = false;

  const listener = (signal: NodeJS.Signals): void => {
    if (started) {
      options.logger.warn({ signal }, 'second signal during shutdown, exiting now');
      exit(1);
      return;
    }
    started = true;
    options.logger.info({ signal, timeoutMs: options.timeoutMs }, 'shutting down');
    void runHandler(signal);
  };

  const runHandler = async (signal: NodeJS.Signals): Promise<void> => {
    const startedAt = Date.now();
    // unref: the timer only fires while something else keeps the event loop alive.
    const timer = setTimeout(() => {
      options.logger.error({ signal, timeoutMs: options.timeoutMs }, 'shutdown timed out, exiting');
      exit(1);
    }, options.timeoutMs).unref();

    try {
      await handler(signal);
      clearTimeout(timer);
      options.logger.info({ signal, durationMs: Date.now() - startedAt }, 'shutdown complete');
      exit(0);
    } catch (error) {
      clearTimeout(timer);
      options.logger.error({ err: error, signal }, 'shutdown failed');
      exit(1);
    }
  };

  for (const signal of signals) process.on(signal, listener);
  return () => {
    for (const signal of signals) process.off(signal, listener);
  };
}
