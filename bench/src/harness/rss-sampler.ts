import { readFileSync } from 'node:fs';

/** Max and last resident set size of one sampled process, in MiB. */
export interface RssFigures {
  maxMiB: number;
  lastMiB: number;
  samples: number;
}

/**
 * Samples the resident set size (`VmRSS` in `/proc/<pid>/status`) of registered processes on a
 * timer and keeps the max per name. A process that has exited is skipped; its figures stay.
 */
export class RssSampler {
  readonly #pids = new Map<string, number>();
  readonly #figures = new Map<string, RssFigures>();
  readonly #timer: NodeJS.Timeout;

  /** Starts sampling every `intervalMs` milliseconds. */
  constructor(intervalMs = 250) {
    this.#timer = setInterval(() => this.sample(), intervalMs);
    this.#timer.unref();
  }

  /** Adds a process to sample under `name`; a later process with the same name replaces it. */
  watch(name: string, pid: number | undefined): void {
    if (pid !== undefined) {
      this.#pids.set(name, pid);
      this.sample();
    }
  }

  /** Takes one sample of every watched process now. */
  sample(): void {
    for (const [name, pid] of this.#pids) {
      const kib = readRssKiB(pid);
      if (kib === undefined) {
        continue;
      }
      const mib = Math.round((kib / 1024) * 10) / 10;
      const previous = this.#figures.get(name);
      this.#figures.set(name, {
        maxMiB: Math.max(previous?.maxMiB ?? 0, mib),
        lastMiB: mib,
        samples: (previous?.samples ?? 0) + 1,
      });
    }
  }

  /** Returns the figures per process name, sampled once more first. */
  figures(): Record<string, RssFigures> {
    this.sample();
    return Object.fromEntries(this.#figures);
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

/** Reads `VmRSS` of `pid` in KiB, or undefined when the process is gone. */
export function readRssKiB(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}
