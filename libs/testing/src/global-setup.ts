import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startContainers, dockerAvailable } from './containers.js';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Provides a real Kafka broker and MongoDB-compatible server to the integration project, in this order:
 * 1. servers named by `KAFKA_BROKERS` and `MONGODB_URI` (both must be set);
 * 2. containers from testcontainers when a Docker engine is reachable (unless `ONIVA_STACK_MODE=local`);
 * 3. the local stack (`deploy/local/stack.sh up`): Kafka from Maven Central and FerretDB, on loopback.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const externalBrokers = process.env.KAFKA_BROKERS;
  const externalMongo = process.env.MONGODB_URI;
  if (externalBrokers || externalMongo) {
    if (!externalBrokers || !externalMongo) {
      throw new Error('Set both KAFKA_BROKERS and MONGODB_URI to test against external servers, or neither.');
    }
    project.provide(
      'kafkaBrokers',
      externalBrokers.split(',').map((broker) => broker.trim()),
    );
    project.provide('mongoUri', withTrailingSlash(externalMongo));
    return async () => {};
  }

  if (process.env.ONIVA_STACK_MODE !== 'local' && (await dockerAvailable())) {
    const containers = await startContainers();
    project.provide('kafkaBrokers', containers.kafkaBrokers);
    project.provide('mongoUri', containers.mongoUri);
    return containers.stop;
  }

  // The stack stays up after the run, so the next run starts in well under a second.
  execFileSync('bash', [path.join(repositoryRoot, 'deploy/local/stack.sh'), 'up'], { stdio: 'inherit' });
  const kafkaPort = process.env.ONIVA_KAFKA_PORT ?? '39092';
  const mongoPort = process.env.ONIVA_MONGODB_PORT ?? '37017';
  project.provide('kafkaBrokers', [`127.0.0.1:${kafkaPort}`]);
  project.provide('mongoUri', `mongodb://127.0.0.1:${mongoPort}/`);
  return async () => {};
}

function withTrailingSlash(uri: string): string {
  const [base, query] = uri.split('?', 2);
  const normalized = base!.endsWith('/') ? base! : `${base}/`;
  return query ? `${normalized}?${query}` : normalized;
}
