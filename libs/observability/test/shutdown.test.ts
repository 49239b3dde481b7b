import type { DestinationStream } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { createLogger, onShutdown } from '../src/index.js';

// SIGUSR2 is emitted with process.emit, which calls the listeners without sending a real signal.
const SIGNAL = 'SIGUSR2';
let dispose: (() => void) | undefined;

afterEach(() => {
  dispose?.();
  dispose = undefined;
  vi.useRealTimers();
});

function testLogger(): { logger: ReturnType<typeof createLogger>; messages: () => string[] } {
  const lines: string[] = [];
  const destination: DestinationStream = { write: (chunk: string) => void lines.push(chunk) };
  return {
    logger: createLogger({ service: 'test', level: 'debug', destination }),
    messages: () => lines.map((line) => (JSON.parse(line) as { msg: string }).msg),
  };
}

describe('onShutdown', () => {
  it('onShutdown runs the handler once and exits 0', async () => {
    const { logger, messages } = testLogger();
    const exit = vi.fn();
    const handler = vi.fn(async () => undefined);
    dispose = onShutdown([SIGNAL], handler, { timeoutMs: 1_000, logger, exit });

    process.emit(SIGNAL, SIGNAL);
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(0));
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler).toHaveBeenCalledWith(SIGNAL);
    expect(messages()).toEqual(['shutting down', 'shutdown complete']);
  });

  it('onShutdown exits 1 when the handler times out', async () => {
    vi.useFakeTimers();
    const { logger, messages } = testLogger();
    const exit = vi.fn();
    dispose = onShutdown([SIGNAL], () => new Promise<void>(() => undefined), {
      timeoutMs: 5_000,
      logger,
      exit,
    });

    process.emit(SIGNAL, SIGNAL);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(exit).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(exit).toHaveBeenCalledWith(1);
    expect(messages()).toContain('shutdown timed out, exiting');
  });

  it('onShutdown exits 1 when the handler throws', async () => {
    const { logger, messages } = testLogger();
    const exit = vi.fn();
    dispose = onShutdown(
      [SIGNAL],
      async () => {
        throw new Error('consumer did not stop');
      },
      { timeoutMs: 1_000, logger, exit },
    );

    process.emit(SIGNAL, SIGNAL);
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(1));
    expect(messages()).toContain('shutdown failed');
  });

  it('second signal exits at once', async () => {
    const { logger } = testLogger();
    const exit = vi.fn();
    const handler = vi.fn(() => new Promise<void>(() => undefined));
    dispose = onShutdown([SIGNAL], handler, { timeoutMs: 60_000, logger, exit });

    process.emit(SIGNAL, SIGNAL);
    process.emit(SIGNAL, SIGNAL);
    expect(handler).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledWith(1);
  });

  it('dispose removes the listeners', () => {
    const { logger } = testLogger();
    const before = process.listenerCount(SIGNAL);
    const remove = onShutdown([SIGNAL], () => undefined, { timeoutMs: 1_000, logger, exit: vi.fn() });
    expect(process.listenerCount(SIGNAL)).toBe(before + 1);
    remove();
    expect(process.listenerCount(SIGNAL)).toBe(before);
  });
});
