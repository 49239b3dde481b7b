import { readFileSync } from 'node:fs';

/** Linux clock ticks per second in `/proc/<pid>/stat` (`getconf CLK_TCK`), 100 on x86-64 and arm64. */
const CLOCK_TICKS_PER_SECOND = 100;

/** Resident set size of one sampled process in MiB, and the CPU time it used while sampled. */
export interface RssFigures {
  maxMiB: number;
  lastMiB: number;
  samples: number;
  /** User plus system CPU seconds between the first and the last sample. */
  cpuSeconds?: number;
}

/**
 * Samples the resident set size (`VmRSS` in `/proc/<pid>/status`) and CPU time (`/proc/<pid>/stat`)
 * of registered processes on a timer, and keeps the max RSS per name. A process that has exited
 * is skipped; its figures stay.
 */
export class RssSampler {
  readonly #pids = new Map<string, number>();
  readonly #figures = new Map<string, RssFigures>();
  readonly #firstCpuTicks = new Map<string, number>();
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
      this.#firstCpuTicks.delete(name);
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
      const figures: RssFigures = {
        maxMiB: Math.max(previous?.maxMiB ?? 0, mib),
        lastMiB: mib,
        samples: (previous?.samples ?? 0) + 1,
      };
      const ticks = readCpuTicks(pid);
      if (ticks !== undefined) {
        const first = this.#firstCpuTicks.get(name) ?? ticks;
        this.#firstCpuTicks.set(name, first);
        figures.cpuSeconds = Math.round(((ticks - first) / CLOCK_TICKS_PER_SECOND) * 10) / 10;
      }
      this.#figures.set(name, figures);
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

/** Reads user plus system CPU time of `pid` in clock ticks, or undefined when the process is gone. */
function readCpuTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in brackets may contain spaces, so the fields are counted after its end:
    // utime and stime are fields 14 and 15 of the line, the 12th and 13th after the bracket.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}
