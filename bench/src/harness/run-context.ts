import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { MongoClient } from 'mongodb';

import { describeMachine, type Machine } from '../environment/machine.js';
import { logDirectory, repositoryRoot } from '../environment/paths.js';
import { databaseUri, resolveServers, type BenchServers } from '../environment/servers.js';
import { BenchKafka } from './kafka.js';
import { LoadSampler } from './load-sampler.js';
import { stopProcesses, type BenchProcess } from './processes.js';
import { RssSampler } from './rss-sampler.js';

/**
 * Shared state of one benchmark run: unique names, servers, machine, started processes and the
 * RSS sampler. `close` stops every started process and, unless `keep` is set, deletes the run's
 * topics and database.
 */
export class RunContext {
  readonly processes: BenchProcess[] = [];
  readonly rss = new RssSampler();
  readonly load = new LoadSampler();
  /** Modification time (ISO-8601) of each service bundle started in this run, by service name. */
  readonly bundles: Record<string, string> = {};
  #closing: Promise<void> | undefined;

  private constructor(
    /** `<benchmark>-<UTC timestamp>`; part of every topic, group and database name of the run. */
    readonly runId: string,
    readonly servers: BenchServers,
    readonly machine: Machine,
    readonly kafka: BenchKafka,
    /** Folder of this run's process logs. */
    readonly logDirectory: string,
    private readonly keep: boolean,
  ) {}

  /** Resolves the servers, describes the machine and connects the harness's Kafka client. */
  static async open(benchmark: string, options: { keep: boolean }): Promise<RunContext> {
    const servers = resolveServers();
    const machine = await describeMachine(servers);
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const runId = `${benchmark}-${stamp}`;
    const kafka = new BenchKafka(servers.kafkaBrokers);
    await kafka.connect();
    const context = new RunContext(
      runId,
      servers,
      machine,
      kafka,
      path.join(logDirectory, runId),
      options.keep,
    );
    // The local stack's servers also serve anything else running on the machine, so their CPU
    // time covers more than this run. It still shows when they were the busy part.
    for (const [name, pidFile] of [
      ['kafka broker (shared)', 'kafka.pid'],
      ['ferretdb (shared)', 'ferretdb.pid'],
    ] as const) {
      const pid = await readPid(path.join(repositoryRoot, '.stack', pidFile));
      context.rss.watch(name, pid);
    }
    return context;
  }

  /** Topic name unique to this run, e.g. `bench.<runId>.bookings`. */
  topic(suffix: string): string {
    return `bench.${this.runId}.${suffix}`;
  }

  /** Consumer group id unique to this run. */
  group(suffix: string): string {
    return `bench.${this.runId}.${suffix}`;
  }

  /** Name of this run's MongoDB database (at most 63 bytes, no dots). */
  get database(): string {
    return `oniva_bench_${this.runId.replace(/[^A-Za-z0-9]/g, '_')}`.slice(0, 63);
  }

  /** MongoDB URI of this run's database. */
  get databaseUri(): string {
    return databaseUri(this.servers, this.database);
  }

  /** Adds a started process: it is sampled for RSS and stopped by `close`. */
  track(process: BenchProcess): BenchProcess {
    this.processes.push(process);
    this.rss.watch(process.name, process.child.pid);
    return process;
  }

  /**
   * Stops the run's processes (SIGTERM, then SIGKILL after 20 s) and cleans up the run's data.
   * Later calls return the first call's promise.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.rss.stop();
    this.load.stop();
    await stopProcesses(this.processes);
    try {
      if (!this.keep) {
        await this.kafka.deleteTopicsWithPrefix(`bench.${this.runId}.`);
        await dropDatabase(this.servers, this.database);
      }
    } finally {
      await this.kafka.disconnect();
    }
  }
}

async function readPid(file: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(file, 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function dropDatabase(servers: BenchServers, name: string): Promise<void> {
  const client = await MongoClient.connect(servers.mongoUri, { serverSelectionTimeoutMS: 5_000 });
  try {
    await client.db(name).dropDatabase();
  } finally {
    await client.close();
  }
}
