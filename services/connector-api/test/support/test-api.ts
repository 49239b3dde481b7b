import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';

import { generateApiKey } from '@oniva-hubspot/store';
import { testServers, uniqueDatabaseUri, uniqueName } from '@oniva-hubspot/testing';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';

import { buildApp } from '../../src/app.js';
import { loadConnectorApiConfig } from '../../src/config.js';
import type { AppDependencies } from '../../src/deps.js';
import { createApiLogger } from '../../src/logger.js';
import { startRuntime, type ApiRuntime } from '../../src/runtime.js';
import { ALL_SCOPES, newTokenString, PORTALS } from './portals.js';
import { startSandbox, type SandboxHandle } from './sandbox.js';

/** The API wired to the real database, the real broker and an in-process HubSpot sandbox. */
export interface TestApi {
  app: FastifyInstance;
  sandbox: SandboxHandle;
  runtime: ApiRuntime;
  deps: AppDependencies;
  env: Record<string, string>;
  /** Every log line written so far, as JSON text. */
  logLines: string[];
  operatorKey: string;
  topics: { configChanges: string; importRequests: string; bookings: string; events: string; links: string };
  /** Creates an API key of `accountId` directly in the database and returns it. */
  keyFor(accountId: string): Promise<string>;
  /**
   * Adds a token to a sandbox portal (the Enterprise one by default, app 11, every scope) and
   * returns it, so a test can rotate or change it without affecting others.
   */
  newToken(options?: { portalId?: number; appId?: number; scopes?: string[] }): string;
  /** Creates an API key and a connection with every feature for `accountId`; returns key and token. */
  connectAccount(accountId: string, token?: string): Promise<{ key: string; token: string }>;
  /** Sends a request with an API key (or none) through `app.inject`. */
  call(key: string | undefined, options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface TestApiOptions {
  /** Portals, tokens and lists in the sandbox's provisioning format. */
  provision: unknown;
  /** Environment overrides, e.g. a small RATE_LIMIT_MAX. */
  env?: Record<string, string>;
}

/** Starts the sandbox and the API with a fresh database and fresh topics. */
export async function startTestApi(options: TestApiOptions): Promise<TestApi> {
  const { kafkaBrokers } = testServers();
  const sandbox = await startSandbox(options.provision);
  const operatorKey = randomBytes(32).toString('base64url');
  const topics = {
    configChanges: uniqueName('config-changes'),
    importRequests: uniqueName('import-requests'),
    bookings: uniqueName('bookings'),
    events: uniqueName('events'),
    links: uniqueName('links'),
  };
  const env: Record<string, string> = {
    KAFKA_BROKERS: kafkaBrokers.join(','),
    KAFKA_CLIENT_ID: 'connector-api-test',
    MONGODB_URI: uniqueDatabaseUri('connector_api'),
    HUBSPOT_BASE_PATH: sandbox.url,
    HUBSPOT_TIMEOUT: '5s',
    TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')},k0:${randomBytes(32).toString('base64')}`,
    TOKEN_ENCRYPTION_ACTIVE_KEY_ID: 'k1',
    OPERATOR_API_KEY: operatorKey,
    LOG_LEVEL: 'debug',
    TOPIC_CONFIG_CHANGES: topics.configChanges,
    TOPIC_IMPORT_REQUESTS: topics.importRequests,
    TOPIC_BOOKINGS: topics.bookings,
    TOPIC_EVENTS: topics.events,
    TOPIC_LINKS: topics.links,
    ...options.env,
  };

  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logLines.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((line) => line !== ''),
      );
      callback();
    },
  });
  const { config } = loadConnectorApiConfig(env);
  const logger = createApiLogger({ level: config.LOG_LEVEL, destination });
  const runtime = await startRuntime(config, env, logger);
  const app = await buildApp(runtime.deps);
  await app.ready();

  return {
    app,
    sandbox,
    runtime,
    deps: runtime.deps,
    env,
    logLines,
    operatorKey,
    topics,
    keyFor: async (accountId) => {
      const generated = generateApiKey();
      await runtime.deps.models.ApiKey.create({
        keyId: generated.keyId,
        accountId,
        hash: generated.hash,
        label: 'test',
      });
      return generated.apiKey;
    },
    newToken: (tokenOptions = {}) =>
      sandbox.admin.addToken(tokenOptions.portalId ?? PORTALS.enterprise, {
        token: newTokenString(),
        appId: tokenOptions.appId ?? 11,
        scopes: tokenOptions.scopes ?? ALL_SCOPES,
      }).token,
    connectAccount: async (accountId, token) => {
      const accessToken =
        token ??
        sandbox.admin.addToken(PORTALS.enterprise, { token: newTokenString(), appId: 11, scopes: ALL_SCOPES })
          .token;
      const generated = generateApiKey();
      await runtime.deps.models.ApiKey.create({
        keyId: generated.keyId,
        accountId,
        hash: generated.hash,
        label: 'test',
      });
      const response = await app.inject({
        method: 'POST',
        url: `/v1/accounts/${accountId}/connection`,
        headers: { 'x-api-key': generated.apiKey },
        payload: {
          accessToken,
          features: { contactImport: true, marketingEvents: true, customObjects: true },
        },
      });
      if (response.statusCode !== 201) {
        throw new Error(`connecting ${accountId} failed with ${response.statusCode}: ${response.body}`);
      }
      return { key: generated.apiKey, token: accessToken };
    },
    call: (key, injectOptions) =>
      app.inject({
        ...injectOptions,
        headers: { ...(key === undefined ? {} : { 'x-api-key': key }), ...injectOptions.headers },
      }),
    close: async () => {
      await app.close();
      await runtime.deps.models.Connection.db.dropDatabase().catch(() => undefined);
      await runtime.close();
      await sandbox.close();
    },
  };
}
