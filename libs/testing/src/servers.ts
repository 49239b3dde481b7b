import { inject } from 'vitest';

/** Addresses of the real servers that the integration project's global setup provides. */
export interface TestServers {
  /** Kafka bootstrap servers, `host:port`. */
  kafkaBrokers: string[];
  /** MongoDB connection string without a database name, ending in `/`. */
  mongoUri: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string[];
    mongoUri: string;
  }
}

/**
 * Returns the broker and database addresses for an integration test.
 *
 * Throws when called outside the `integration` vitest project, whose global setup provides them.
 */
export function testServers(): TestServers {
  const kafkaBrokers = inject('kafkaBrokers');
  const mongoUri = inject('mongoUri');
  if (!kafkaBrokers || !mongoUri) {
    throw new Error(
      'testServers() found no servers: run this file in the integration project (name it *.int.test.ts)',
    );
  }
  return { kafkaBrokers, mongoUri };
}

let sequence = 0;

/**
 * Returns a name unique to this test run, usable as a Kafka topic, consumer group or database name.
 * Only letters, digits, `-` and `_` appear, and it stays under 60 characters.
 */
export function uniqueName(prefix: string): string {
  sequence += 1;
  const safePrefix = prefix.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 30);
  const stamp = Date.now().toString(36);
  const random = Math.floor(Math.random() * 36 ** 4).toString(36);
  return `${safePrefix}-${process.pid}-${stamp}-${random}-${sequence}`;
}

/** Returns a MongoDB URI for a fresh database named after `prefix`. */
export function uniqueDatabaseUri(prefix: string): string {
  const { mongoUri } = testServers();
  // MongoDB database names are limited to 63 bytes and may not contain `.`.
  const database = uniqueName(prefix).replace(/-/g, '_').slice(0, 60);
  const [base, query] = mongoUri.split('?', 2);
  return query ? `${base}${database}?${query}` : `${base}${database}`;
}
