import mongoose, { type Connection } from 'mongoose';

import { StoreError } from './errors.js';
import { createModels } from './models/index.js';

/** Structured logger methods the store uses; a pino logger fits. */
export interface StoreLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface ConnectStoreOptions {
  /** MongoDB connection string with the database name. */
  uri: string;
  logger: StoreLogger;
  /** How long an operation waits for a reachable server before it fails. Default 5,000 ms. */
  serverSelectionTimeoutMS?: number;
}

/**
 * Opens a dedicated mongoose connection (not the global one) and waits until it is ready.
 *
 * Commands are not buffered while the database is away, so an outage fails the call at once with
 * an error that `isDatabaseUnavailableError` recognises, instead of hanging for mongoose's default
 * 10 s. Indexes are not built automatically: call `ensureIndexes` before first use.
 * Throws `StoreError` `STORE_ERR_DATABASE_UNAVAILABLE` when no server responds in time.
 */
export async function connectStore(options: ConnectStoreOptions): Promise<Connection> {
  const serverSelectionTimeoutMS = options.serverSelectionTimeoutMS ?? 5_000;
  const hosts = describeHosts(options.uri);
  const connection = mongoose.createConnection(options.uri, {
    bufferCommands: false,
    autoIndex: false,
    autoCreate: false,
    serverSelectionTimeoutMS,
  });

  connection.on('disconnected', () => options.logger.warn({ hosts }, 'database disconnected'));
  connection.on('reconnected', () => options.logger.info({ hosts }, 'database reconnected'));
  connection.on('error', (error: unknown) =>
    options.logger.error({ err: error, hosts }, 'database connection error'),
  );

  try {
    await connection.asPromise();
  } catch (error) {
    await connection.close(true).catch(() => undefined);
    throw new StoreError(
      'STORE_ERR_DATABASE_UNAVAILABLE',
      `Could not connect to MongoDB at ${hosts} within ${serverSelectionTimeoutMS} ms; check MONGODB_URI and that the server is running`,
      { cause: error },
    );
  }
  options.logger.info({ hosts, database: connection.name }, 'database connected');
  return connection;
}

/**
 * Builds the indexes of every model on `connection`, registering the store's models first.
 * The unique indexes enforce the "one per" rules, so services call this at start, before they
 * read or write. Existing indexes are kept; changing the options of an existing index fails.
 */
export async function ensureIndexes(connection: Connection): Promise<void> {
  createModels(connection);
  for (const model of Object.values(connection.models)) {
    await model.createIndexes();
  }
}

// Host list for log lines; the credentials of the connection string never reach the logs.
function describeHosts(uri: string): string {
  const match = /^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?([^/?]+)/.exec(uri);
  return match?.[1] ?? '(unparsable connection string)';
}
