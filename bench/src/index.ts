/**
 * Benchmarks of the connector against its targets, and the helpers they are built from. Run them
 * with `npm run bench -w @oniva-hubspot/bench -- <benchmark|all|report>`; results go to
 * bench/results and docs/benchmarks.md.
 *
 * @example
 * import { NaiveConsumer, RssSampler } from '@oniva-hubspot/bench';
 * import { Kafka } from 'kafkajs';
 *
 * const naive = new NaiveConsumer({
 *   kafka: new Kafka({ clientId: 'baseline', brokers: ['127.0.0.1:39092'] }),
 *   groupId: 'baseline',
 *   target: { kind: 'hubspot', basePath: sandboxUrl, accessToken: token },
 * });
 * await naive.start('oniva.bookings.v1');
 * const rss = new RssSampler();
 * rss.watch('marketing-event-sink', sinkPid);
 * // later: naive.progress.processed, rss.figures()['marketing-event-sink'].maxMiB
 */
export { BENCHMARKS } from './benchmarks/index.js';
export type { Benchmark, BenchmarkOutput } from './benchmark.js';
export { BenchError } from './errors.js';
export type { BenchErrorCode } from './errors.js';
export { NaiveConsumer } from './naive/naive-consumer.js';
export type { NaiveProgress, NaiveTarget } from './naive/naive-consumer.js';
export { RssSampler, readRssKiB } from './harness/rss-sampler.js';
export type { RssFigures } from './harness/rss-sampler.js';
export { SandboxProcess, benchPortal, benchToken } from './harness/sandbox.js';
export type { RateLimitStats, RequestEntry } from './harness/sandbox.js';
export { attendanceInputs, summariseCalls } from './analysis/hubspot-calls.js';
export type { AttendanceInput, CallSummary } from './analysis/hubspot-calls.js';
export { matchLatencies } from './analysis/latency.js';
export type { LatencyMatch, ProducedBooking } from './analysis/latency.js';
export { maxInWindow, minimumSpanMs, percentile } from './analysis/stats.js';
export { writeReportPage } from './report/write-page.js';
export type { BenchResult } from './report/results.js';
