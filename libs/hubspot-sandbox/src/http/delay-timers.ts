/**
 * Timers that delay requests for latency and timeout faults. `releaseAll` ends every delay at
 * once, so closing the sandbox never waits for them.
 */
export class DelayTimers {
  private readonly pending = new Set<() => void>();

  /** Resolves after `ms` milliseconds, or only on `releaseAll` when `ms` is null. */
  wait(ms: number | null, onRelease?: () => void): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        this.pending.delete(release);
        resolve();
      };
      const release = (): void => {
        onRelease?.();
        finish();
      };
      this.pending.add(release);
      if (ms !== null) timer = setTimeout(finish, ms);
    });
  }

  releaseAll(): void {
    for (const release of [...this.pending]) release();
  }
}
