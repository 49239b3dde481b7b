import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

import { BenchError } from '../errors.js';

/** A child process started by a benchmark, with the file that receives its output. */
export interface BenchProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
}

/** Returns a TCP port that is free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address !== null) {
          resolve(address.port);
        } else {
          reject(
            new BenchError('BENCH_ERR_NOT_READY', 'The operating system gave no free port on 127.0.0.1.'),
          );
        }
      });
    });
  });
}

/**
 * Starts `command` in `cwd` with `env` added to this process's environment. Standard output and
 * error go to `<logDirectory>/<name>.log`.
 */
export function startProcess(input: {
  name: string;
  command: readonly string[];
  env: Readonly<Record<string, string>>;
  cwd: string;
  logDirectory: string;
}): BenchProcess {
  mkdirSync(input.logDirectory, { recursive: true });
  const logFile = path.join(input.logDirectory, `${input.name}.log`);
  const log = createWriteStream(logFile);
  const [executable, ...args] = input.command;
  if (executable === undefined) {
    throw new BenchError('BENCH_ERR_INVALID_OPTIONS', `No command given for process ${input.name}.`);
  }
  const child = spawn(executable, args, {
    cwd: input.cwd,
    env: { ...process.env, ...input.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return { name: input.name, child, logFile };
}

/** Polls `url` until it returns 2xx. Fails early, naming the log file, when the process exits first. */
export async function waitUntilReady(process: BenchProcess, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (process.child.exitCode !== null || process.child.signalCode !== null) {
      throw new BenchError(
        'BENCH_ERR_PROCESS_EXITED',
        `${process.name} exited (${process.child.exitCode ?? process.child.signalCode}) before it was ready; see ${process.logFile}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  throw new BenchError(
    'BENCH_ERR_NOT_READY',
    `${process.name} was not ready at ${url} within ${timeoutMs} ms; see ${process.logFile}`,
  );
}

/** Sends SIGTERM to each process, waits up to `timeoutMs` for all to exit, then SIGKILLs the rest. */
export async function stopProcesses(processes: readonly BenchProcess[], timeoutMs = 20_000): Promise<void> {
  const exits = processes.map(
    ({ child }) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  );
  const timer = setTimeout(() => {
    for (const { child } of processes) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
    }
  }, timeoutMs);
  await Promise.all(exits);
  clearTimeout(timer);
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
