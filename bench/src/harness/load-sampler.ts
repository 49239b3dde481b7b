import os from 'node:os';

/** 1-minute load average of the machine during a run: at start, mean and max of the samples. */
export interface LoadFigures {
  atStart: number;
  mean: number;
  max: number;
}

/**
 * Samples the machine's 1-minute load average every `intervalMs`. Other work on a shared machine
 * (test suites, builds) shows up here and explains slower runs.
 */
export class LoadSampler {
  readonly #samples: number[] = [];
  readonly #timer: NodeJS.Timeout;

  constructor(intervalMs = 5_000) {
    this.#samples.push(os.loadavg()[0]!);
    this.#timer = setInterval(() => this.#samples.push(os.loadavg()[0]!), intervalMs);
    this.#timer.unref();
  }

  figures(): LoadFigures {
    const round = (value: number): number => Math.round(value * 100) / 100;
    const sum = this.#samples.reduce((total, value) => total + value, 0);
    return {
      atStart: round(this.#samples[0]!),
      mean: round(sum / this.#samples.length),
      max: round(Math.max(...this.#samples)),
    };
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
