import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

/** A child process started by the demo, with its log file. */
export interface DemoProcess {
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
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Starts `command` with `env` added to the demo's environment; stdout and stderr go to `<logDir>/<name>.log`. */
export function startProcess(input: {
  name: string;
  command: string[];
  env: Record<string, string>;
  cwd: string;
  logDir: string;
}): DemoProcess {
  mkdirSync(input.logDir, { recursive: true });
  const logFile = path.join(input.logDir, `${input.name}.log`);
  const log = createWriteStream(logFile);
  const [executable, ...args] = input.command;
  const child = spawn(executable!, args, {
    cwd: input.cwd,
    env: { ...process.env, ...input.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  return { name: input.name, child, logFile };
}

/**
 * Polls `url` until it answers 2xx. Fails early, naming the log file, when the process exits first.
 */
export async function waitUntilReady(process: DemoProcess, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (process.child.exitCode !== null) {
      throw new Error(
        `${process.name} exited with code ${process.child.exitCode} before it was ready; see ${process.logFile}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${process.name} was not ready at ${url} within ${timeoutMs} ms; see ${process.logFile}`);
}

/** Sends SIGTERM to every process and waits up to `timeoutMs` for them to exit, then SIGKILLs the rest. */
export async function stopAll(processes: DemoProcess[], timeoutMs = 15_000): Promise<void> {
  const exits = processes.map(
    ({ child }) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  );
  const timer = setTimeout(() => {
    for (const { child } of processes) if (child.exitCode === null) child.kill('SIGKILL');
  }, timeoutMs);
  await Promise.all(exits);
  clearTimeout(timer);
}
