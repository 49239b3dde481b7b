import { connect, createServer, type Socket } from 'node:net';

import { testServers, uniqueDatabaseUri } from '@oniva-hubspot/testing';
import { describe, expect, it } from 'vitest';

import { connectStore, createModels, isDatabaseUnavailableError, StoreError } from '../src/index.js';
import { silentLogger } from './store-fixture.js';

/** Returns a loopback port that nothing listens on, by binding port 0 and closing it again. */
async function closedLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
  return address.port;
}

/**
 * Starts a TCP proxy on 127.0.0.1 to the test database server. `cut()` closes it and every
 * connection through it, which looks like a database outage to the client.
 */
async function startOutageProxy(): Promise<{ port: number; cut: () => Promise<void> }> {
  const target = new URL(testServers().mongoUri.replace(/^mongodb:/, 'http:'));
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address');

  return {
    port: address.port,
    cut: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

describe('connectStore', () => {
  it('unreachable server fails as database unavailable', async () => {
    const port = await closedLoopbackPort();
    const startedAt = Date.now();

    const error = await connectStore({
      uri: `mongodb://app:s3cr3t@127.0.0.1:${port}/oniva`,
      logger: silentLogger,
      serverSelectionTimeoutMS: 300,
    }).catch((rejection: unknown) => rejection);

    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('STORE_ERR_DATABASE_UNAVAILABLE');
    expect((error as StoreError).retryable).toBe(true);
    expect((error as StoreError).message).toContain(`127.0.0.1:${port}`);
    expect((error as StoreError).message).not.toContain('s3cr3t');
    expect(isDatabaseUnavailableError(error)).toBe(true);
    expect(isDatabaseUnavailableError((error as StoreError).cause)).toBe(true);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
  });

  it('closed connection fails at once instead of buffering', async () => {
    const connection = await connectStore({ uri: uniqueDatabaseUri('store-connect'), logger: silentLogger });
    const models = createModels(connection);
    await connection.close();

    const startedAt = Date.now();
    const error = await models.SyncStats.findOne({ accountId: 'acc-1' }).catch(
      (rejection: unknown) => rejection,
    );
    expect(error).toBeInstanceOf(Error);
    expect(isDatabaseUnavailableError(error)).toBe(true);
    expect(Date.now() - startedAt).toBeLessThan(1_000);
  });

  it('outage mid-run fails fast as database unavailable', async () => {
    const proxy = await startOutageProxy();
    const directUri = uniqueDatabaseUri('store-outage');
    const database = new URL(directUri.replace(/^mongodb:/, 'http:')).pathname;
    const connection = await connectStore({
      uri: `mongodb://127.0.0.1:${proxy.port}${database}`,
      logger: silentLogger,
      serverSelectionTimeoutMS: 500,
    });
    try {
      const models = createModels(connection);
      await models.SyncStats.create({ accountId: 'acc-1', eventId: 'evt-1' });
      await proxy.cut();

      const startedAt = Date.now();
      const error = await models.SyncStats.findOne({ accountId: 'acc-1' }).catch(
        (rejection: unknown) => rejection,
      );
      expect(error).toBeInstanceOf(Error);
      expect(isDatabaseUnavailableError(error)).toBe(true);
      expect(Date.now() - startedAt).toBeLessThan(5_000);
    } finally {
      await connection.close(true);
      const direct = await connectStore({ uri: directUri, logger: silentLogger });
      await direct.dropDatabase();
      await direct.close();
    }
  });

  it('createModels returns the same models twice', async () => {
    const connection = await connectStore({ uri: uniqueDatabaseUri('store-models'), logger: silentLogger });
    try {
      expect(createModels(connection)).toBe(createModels(connection));
      expect(createModels(connection).Connection.collection.collectionName).toBe('connections');
    } finally {
      await connection.close();
    }
  });
});
