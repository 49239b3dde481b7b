/** Codes of the errors the benchmarks raise. */
export type BenchErrorCode =
  | 'BENCH_ERR_INVALID_OPTIONS'
  | 'BENCH_ERR_NOT_LOOPBACK'
  | 'BENCH_ERR_SERVICE_NOT_BUILT'
  | 'BENCH_ERR_PROCESS_EXITED'
  | 'BENCH_ERR_NOT_READY'
  | 'BENCH_ERR_TIMED_OUT'
  | 'BENCH_ERR_HTTP_FAILED'
  | 'BENCH_ERR_UNEXPECTED_RESULT';

/** An error of a benchmark run; the message names the value and what to do. */
export class BenchError extends Error {
  readonly code: BenchErrorCode;

  constructor(code: BenchErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BenchError';
    this.code = code;
  }
}
