import { uniqueDatabaseUri } from '@oniva-hubspot/testing';
import type { Connection } from 'mongoose';

import {
  connectStore,
  createModels,
  ensureIndexes,
  type StoreLogger,
  type StoreModels,
} from '../src/index.js';

export const silentLogger: StoreLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export interface TestStore {
  connection: Connection;
  models: StoreModels;
  /** Drops the test database and closes the connection. */
  dispose(): Promise<void>;
}

/** Connects to a fresh database on the test server and builds every index. */
export async function openTestStore(prefix: string): Promise<TestStore> {
  const connection = await connectStore({ uri: uniqueDatabaseUri(prefix), logger: silentLogger });
  await ensureIndexes(connection);
  return {
    connection,
    models: createModels(connection),
    dispose: async () => {
      await connection.dropDatabase();
      await connection.close();
    },
  };
}
