/**
 * One health check. It passes when it returns or resolves to anything but `false`, and fails when
 * it returns `false`, throws, rejects, or takes longer than the timeout.
 */
export type HealthCheck = () => unknown;

/** Health checks by name, e.g. `{ mongodb: () => ping(), kafka: () => consumer.isRunning() }`. */
export type HealthChecks = Readonly<Record<string, HealthCheck>>;

/** Outcome of every check. `failing` lists the names of the checks that did not pass. */
export interface HealthReport {
  status: 'ok' | 'failing';
  failing: string[];
  checks: Record<string, 'ok' | string>;
}

/** Runs all checks at once, each bounded by `timeoutMs`. */
export async function runChecks(checks: HealthChecks, timeoutMs: number): Promise<HealthReport> {
  const names = Object.keys(checks);
  const outcomes = await Promise.all(names.map((name) => runCheck(checks[name]!, timeoutMs)));

  const report: HealthReport = { status: 'ok', failing: [], checks: {} };
  names.forEach((name, index) => {
    const outcome = outcomes[index]!;
    report.checks[name] = outcome;
    if (outcome !== 'ok') report.failing.push(name);
  });
  if (report.failing.length > 0) report.status = 'failing';
  return report;
}

async function runCheck(check: HealthCheck, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`timed out after ${timeoutMs} ms`), timeoutMs);
  });
  const run = (async () => {
    try {
      return (await check()) === false ? 'failed' : 'ok';
    } catch (error) {
      return `failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  })();
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
