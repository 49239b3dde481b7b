import type { RunContext } from './harness/run-context.js';
import type { BenchOptions } from './options.js';
import type { BenchResult } from './report/results.js';

/** Figures a benchmark measured; the runner adds the command, machine, times and memory. */
export type BenchmarkOutput = Pick<BenchResult, 'parameters' | 'tables' | 'targets' | 'notes'>;

/** One benchmark that `npm run bench` can run by name. */
export interface Benchmark {
  name: string;
  /** Heading of the benchmark's section on the page. */
  title: string;
  /** Flags the benchmark reads; the stored command lists each with its value. */
  options: readonly (keyof BenchOptions)[];
  run(context: RunContext, options: BenchOptions): Promise<BenchmarkOutput>;
}
