/** Source of the current time in epoch milliseconds; tests inject a manual clock. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when `advance` or `set` is called. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: number | string | Date = Date.now()) {
    this.current = new Date(start).getTime();
  }

  now(): number {
    return this.current;
  }

  advance(milliseconds: number): void {
    this.current += milliseconds;
  }

  set(time: number | string | Date): void {
    this.current = new Date(time).getTime();
  }
}

/** A clock that runs `offsetMs` ahead of another; the admin API moves it forward. */
export class OffsetClock implements Clock {
  private offsetMs = 0;

  constructor(private readonly base: Clock) {}

  now(): number {
    return this.base.now() + this.offsetMs;
  }

  advance(milliseconds: number): void {
    this.offsetMs += milliseconds;
  }

  resetOffset(): void {
    this.offsetMs = 0;
  }
}
