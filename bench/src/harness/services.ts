import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

import { repositoryRoot } from '../environment/paths.js';
import { BenchError } from '../errors.js';
import { ConnectorApiClient } from './connector-api.js';
import { freePort, startProcess, waitUntilReady, type BenchProcess } from './processes.js';
import type { RunContext } from './run-context.js';

/** Services a benchmark can start. */
export type ServiceName = 'connector-api' | 'marketing-event-sink' | 'importer';

/** Topic names of one run, passed to every service so that runs never share a topic. */
export interface RunTopics {
  bookings: string;
  events: string;
  links: string;
  configChanges: string;
  importRequests: string;
  contactImports: string;
  accountImports: string;
  importStatus: string;
}

/** Returns the run's topic names, all under `bench.<runId>.`. */
export function runTopics(context: RunContext): RunTopics {
  return {
    bookings: context.topic('bookings'),
    events: context.topic('events'),
    links: context.topic('links'),
    configChanges: context.topic('config-changes'),
    importRequests: context.topic('import-requests'),
    contactImports: context.topic('contact-imports'),
    accountImports: context.topic('account-imports'),
    importStatus: context.topic('import-status'),
  };
}

/**
 * Returns the path of a service's bundle, `services/<name>/dist/main.js`. Throws
 * `BENCH_ERR_SERVICE_NOT_BUILT` when it is missing, because benchmarks measure the built service.
 */
export function serviceBundle(name: ServiceName): string {
  const bundle = path.join(repositoryRoot, 'services', name, 'dist', 'main.js');
  if (!existsSync(bundle)) {
    throw new BenchError(
      'BENCH_ERR_SERVICE_NOT_BUILT',
      `${bundle} is missing; build it with \`npx turbo run build --filter=@oniva-hubspot/${name}\` and run the benchmark again.`,
    );
  }
  return bundle;
}

/** A started service: its process and the port of its health, readiness and metrics endpoints. */
export interface RunningService {
  process: BenchProcess;
  opsPort: number;
}

/**
 * Starts services from their bundles with the run's database and topics, and HubSpot at
 * `hubspotUrl`. The connector API is started first by `startApi`; the services that need an
 * account set up through it (sinks, importer) are started afterwards with `start`.
 */
export class ServiceLauncher {
  readonly operatorKey = randomBytes(24).toString('hex');
  readonly #context: RunContext;
  readonly #shared: Record<string, string>;
  readonly #envByService: Record<ServiceName, Record<string, string>>;

  constructor(input: { context: RunContext; hubspotUrl: string; topics: RunTopics }) {
    const { context, topics } = input;
    this.#context = context;
    this.#shared = {
      KAFKA_BROKERS: context.servers.kafkaBrokers.join(','),
      MONGODB_URI: context.databaseUri,
      HUBSPOT_BASE_PATH: input.hubspotUrl,
      TOKEN_ENCRYPTION_KEYS: `bench1:${randomBytes(32).toString('base64')}`,
      TOKEN_ENCRYPTION_ACTIVE_KEY_ID: 'bench1',
      LOG_LEVEL: 'info',
    };
    this.#envByService = {
      'connector-api': {
        OPERATOR_API_KEY: this.operatorKey,
        TOPIC_CONFIG_CHANGES: topics.configChanges,
        TOPIC_IMPORT_REQUESTS: topics.importRequests,
        TOPIC_BOOKINGS: topics.bookings,
        TOPIC_EVENTS: topics.events,
        TOPIC_LINKS: topics.links,
      },
      'marketing-event-sink': {
        KAFKA_GROUP_ID: context.group('marketing-event-sink'),
        BOOKINGS_TOPIC: topics.bookings,
        EVENTS_TOPIC: topics.events,
        CONFIG_CHANGES_TOPIC: topics.configChanges,
      },
      importer: {
        CONSUMER_GROUP: context.group('importer'),
        IMPORT_REQUESTS_TOPIC: topics.importRequests,
        CONTACT_IMPORTS_TOPIC: topics.contactImports,
        ACCOUNT_IMPORTS_TOPIC: topics.accountImports,
        IMPORT_STATUS_TOPIC: topics.importStatus,
      },
    };
  }

  /** Starts the connector API and returns a client for it, once it is ready. */
  async startApi(): Promise<ConnectorApiClient> {
    const port = await freePort();
    await this.#startProcess('connector-api', { PORT: String(port) }, port);
    return new ConnectorApiClient(`http://127.0.0.1:${port}`);
  }

  /** Starts a service with `extraEnv` added and returns it once `/readyz` returns 2xx. */
  async start(
    name: Exclude<ServiceName, 'connector-api'>,
    extraEnv: Record<string, string> = {},
  ): Promise<RunningService> {
    const opsPort = await freePort();
    const process = await this.#startProcess(name, { OPS_PORT: String(opsPort), ...extraEnv }, opsPort);
    return { process, opsPort };
  }

  async #startProcess(
    name: ServiceName,
    env: Record<string, string>,
    readyPort: number,
  ): Promise<BenchProcess> {
    const bundle = serviceBundle(name);
    this.#context.bundles[name] = statSync(bundle).mtime.toISOString();
    const child = this.#context.track(
      startProcess({
        name,
        command: ['node', bundle],
        env: { ...this.#shared, ...this.#envByService[name], ...env },
        cwd: repositoryRoot,
        logDirectory: this.#context.logDirectory,
      }),
    );
    await waitUntilReady(child, `http://127.0.0.1:${readyPort}/readyz`);
    return child;
  }
}

/** Reads a service's Prometheus metrics and returns each sample's value by `name{labels}`. */
export async function readMetrics(opsPort: number): Promise<Map<string, number>> {
  const response = await fetch(`http://127.0.0.1:${opsPort}/metrics`, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) {
    throw new BenchError(
      'BENCH_ERR_HTTP_FAILED',
      `GET /metrics on port ${opsPort} failed with ${response.status}.`,
    );
  }
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    if (line.startsWith('#') || line.trim() === '') {
      continue;
    }
    const separator = line.lastIndexOf(' ');
    samples.set(line.slice(0, separator), Number(line.slice(separator + 1)));
  }
  return samples;
}

/** Sums the samples of metric `name` whose labels contain every `labels` entry. */
export function sumMetric(
  samples: ReadonlyMap<string, number>,
  name: string,
  labels: Record<string, string> = {},
): number {
  let sum = 0;
  for (const [key, value] of samples) {
    if (key !== name && !key.startsWith(`${name}{`)) {
      continue;
    }
    if (Object.entries(labels).every(([label, expected]) => key.includes(`${label}="${expected}"`))) {
      sum += value;
    }
  }
  return sum;
}
