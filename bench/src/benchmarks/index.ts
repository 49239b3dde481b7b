import type { Benchmark } from '../benchmark.js';
import { importList } from './import.js';
import { kafkaThroughput } from './kafka-throughput.js';
import { latency } from './latency.js';
import { sinkDrain } from './sink-drain.js';
import { sinkThroughput } from './sink-throughput.js';
import { storeWrites } from './store-writes.js';

/** Every benchmark, in the order `all` runs them. */
export const BENCHMARKS: readonly Benchmark[] = [
  kafkaThroughput,
  storeWrites,
  sinkDrain,
  sinkThroughput,
  latency,
  importList,
];
