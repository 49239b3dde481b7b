/** A mutual-exclusion lock for async code: `acquire` resolves with a function that releases it. */
export class AsyncLock {
  #tail: Promise<void> = Promise.resolve();

  async acquire(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.#tail;
    this.#tail = previous.then(() => released);
    await previous;
    let done = false;
    return () => {
      if (!done) {
        done = true;
        release();
      }
    };
  }
}
