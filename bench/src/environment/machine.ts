import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { MongoClient } from 'mongodb';
import { z } from 'zod';

import { repositoryRoot } from './paths.js';
import type { BenchServers } from './servers.js';

/** The machine and server versions a benchmark ran on. */
export const machineSchema = z.object({
  /** `os.availableParallelism()`, which is what `nproc` prints. */
  cpus: z.int(),
  cpuModel: z.string(),
  memoryGiB: z.number(),
  node: z.string(),
  kafka: z.string(),
  ferretdb: z.string(),
});

/** The machine and server versions a benchmark ran on. */
export type Machine = z.infer<typeof machineSchema>;

/**
 * Returns the checked-out commit's short hash, with "and uncommitted changes" when the working
 * tree differs from it, or "unknown" outside a Git checkout.
 */
export function describeCommit(): string {
  try {
    const run = (args: string[]): string =>
      execFileSync('git', args, {
        cwd: repositoryRoot,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    const commit = run(['rev-parse', '--short', 'HEAD']);
    const changes = run(['status', '--porcelain', '--untracked-files=no']);
    return changes.length > 0 ? `${commit} and uncommitted changes` : commit;
  } catch {
    return 'unknown';
  }
}

/** Describes this machine and the versions of the Kafka broker and FerretDB server in use. */
export async function describeMachine(servers: BenchServers): Promise<Machine> {
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    kafka: await kafkaVersion(),
    ferretdb: await ferretdbVersion(servers),
  };
}

/**
 * Reads the broker version from the class path of the local stack's broker process, whose jars sit
 * in a folder named `kafka-<version>`. Returns "unknown" for a broker the stack did not start.
 */
async function kafkaVersion(): Promise<string> {
  try {
    const pid = (await readFile(path.join(repositoryRoot, '.stack/kafka.pid'), 'utf8')).trim();
    const commandLine = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replace(/\0/g, ' ');
    const match = /kafka-(\d+\.\d+\.\d+)\/libs/.exec(commandLine);
    return match ? `Apache Kafka ${match[1]} (KRaft, single node)` : 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Returns the FerretDB version that `buildInfo` reports. A FerretDB built from the Go module proxy
 * reports "unknown", so the version then comes from the module the local stack builds.
 */
async function ferretdbVersion(servers: BenchServers): Promise<string> {
  const client = await MongoClient.connect(servers.mongoUri, { serverSelectionTimeoutMS: 5_000 });
  try {
    const info = await client.db('admin').command({ buildInfo: 1 });
    const reported = typeof info.ferretdbVersion === 'string' ? info.ferretdbVersion : undefined;
    if (reported === undefined) {
      return `not FerretDB: MongoDB ${String(info.version)}`;
    }
    if (reported !== 'unknown') {
      return `FerretDB ${reported}`;
    }
    const goModule = await readFile(path.join(repositoryRoot, 'deploy/local/ferretdb/go.mod'), 'utf8');
    const match = /github\.com\/FerretDB\/FerretDB (v[\w.-]+)/.exec(goModule);
    return match ? `FerretDB ${match[1]} (SQLite backend)` : 'FerretDB, version unknown';
  } finally {
    await client.close();
  }
}
