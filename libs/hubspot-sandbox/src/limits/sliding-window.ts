/** Timestamps of calls inside a fixed-length rolling window. */
export class SlidingWindow {
  private timestamps: number[] = [];
  private head = 0;

  constructor(readonly lengthMs: number) {}

  /** Number of calls in the window ending at `now`. */
  count(now: number): number {
    this.prune(now);
    return this.timestamps.length - this.head;
  }

  /** Epoch ms of the oldest call still in the window, or undefined when it is empty. */
  oldest(now: number): number | undefined {
    this.prune(now);
    return this.timestamps[this.head];
  }

  record(now: number): void {
    this.prune(now);
    this.timestamps.push(now);
  }

  private prune(now: number): void {
    const cutoff = now - this.lengthMs;
    while (this.head < this.timestamps.length && (this.timestamps[this.head] as number) <= cutoff) {
      this.head += 1;
    }
    if (this.head > 1024 && this.head * 2 > this.timestamps.length) {
      this.timestamps = this.timestamps.slice(this.head);
      this.head = 0;
    }
  }
}
