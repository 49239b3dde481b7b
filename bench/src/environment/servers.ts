import { execFileSync } from 'node:child_process';
import path from 'node:path';

import { BenchError } from '../errors.js';
import { repositoryRoot } from './paths.js';

/** Kafka and MongoDB addresses a benchmark runs against. */
export interface BenchServers {
  /** Kafka bootstrap servers, `host:port`. */
  kafkaBrokers: string[];
  /** MongoDB connection string without a database name, ending in `/`. */
  mongoUri: string;
}

/**
 * Returns the Kafka broker and MongoDB server of the local stack, starting the stack first
 * (`deploy/local/stack.sh up`, which returns at once when it already runs). `KAFKA_BROKERS` and
 * `MONGODB_URI` select other servers instead; both must then be set.
 *
 * Benchmarks put load on these servers, so every address must be a loopback address; any other
 * host is rejected with `BENCH_ERR_NOT_LOOPBACK`.
 */
export function resolveServers(
  env: Readonly<Record<string, string | undefined>> = process.env,
): BenchServers {
  const brokersVariable = env.KAFKA_BROKERS;
  const mongoVariable = env.MONGODB_URI;
  let servers: BenchServers;
  if (brokersVariable || mongoVariable) {
    if (!brokersVariable || !mongoVariable) {
      throw new BenchError(
        'BENCH_ERR_INVALID_OPTIONS',
        'Set both KAFKA_BROKERS and MONGODB_URI to benchmark other loopback servers, or neither to use the local stack.',
      );
    }
    servers = {
      kafkaBrokers: brokersVariable.split(',').map((broker) => broker.trim()),
      mongoUri: withTrailingSlash(mongoVariable),
    };
  } else {
    execFileSync('bash', [path.join(repositoryRoot, 'deploy/local/stack.sh'), 'up'], { stdio: 'inherit' });
    servers = {
      kafkaBrokers: [`127.0.0.1:${env.ONIVA_KAFKA_PORT ?? '39092'}`],
      mongoUri: `mongodb://127.0.0.1:${env.ONIVA_MONGODB_PORT ?? '37017'}/`,
    };
  }

  for (const broker of servers.kafkaBrokers) {
    requireLoopback(broker.replace(/:\d+$/, ''), `KAFKA_BROKERS entry ${broker}`);
  }
  requireLoopback(new URL(servers.mongoUri).hostname, `MONGODB_URI host`);
  return servers;
}

/** Returns the MongoDB URI of database `name` on `servers`. */
export function databaseUri(servers: BenchServers, name: string): string {
  const [base, query] = servers.mongoUri.split('?', 2);
  return query ? `${base}${name}?${query}` : `${base}${name}`;
}

function requireLoopback(host: string, what: string): void {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare)) {
    return;
  }
  throw new BenchError(
    'BENCH_ERR_NOT_LOOPBACK',
    `${what} is ${host}, which is not a loopback address; benchmarks only load servers on 127.0.0.1.`,
  );
}

function withTrailingSlash(uri: string): string {
  const [base, query] = uri.split('?', 2);
  const normalized = base!.endsWith('/') ? base! : `${base}/`;
  return query ? `${normalized}?${query}` : normalized;
}
