import { isIP } from 'node:net';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { SandboxAdmin } from './admin/admin.js';
import { registerAdminRoutes } from './admin/routes.js';
import type { Provisioning } from './admin/schemas.js';
import { OffsetClock, systemClock, type Clock } from './clock.js';
import { SandboxError } from './errors.js';
import { FaultEngine } from './faults/engine.js';
import { registerErrorHandling } from './http/error-handling.js';
import { DelayTimers } from './http/delay-timers.js';
import { registerPipeline } from './http/pipeline.js';
import { RateLimiter } from './limits/rate-limiter.js';
import { RequestLog } from './request-log.js';
import { accountRoutes } from './routes/account.js';
import { routeModules } from './routes/index.js';
import { createSandboxContext } from './sandbox-context.js';
import { SandboxState } from './state/store.js';
import type { SandboxContext } from './context.js';

export interface SandboxOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; `127.0.0.1` by default. Other addresses need `allowNonLoopback`. */
  host?: string;
  /** Allows binding a non-loopback address, which exposes the sandbox to the network. */
  allowNonLoopback?: boolean;
  /** Portals, tokens, lists and faults to create at start. */
  provision?: Provisioning;
  /** Time source; the admin API can move it forward. The system clock by default. */
  clock?: Clock;
  /** Seed of the generator that decides which calls faults hit; 1 by default. */
  seed?: number;
  /**
   * Max request log entries kept, bodies included (oldest dropped first); 10,000 by default.
   * Counts per endpoint and status cover every call regardless.
   */
  requestLogCapacity?: number;
  /** Options of route modules by key (for example `objects`); each module validates its own. */
  moduleOptions?: Record<string, unknown>;
  /** Fastify logger: false (default) for silence, true or pino options to log. */
  logger?: boolean | { level: string };
}

/** A running sandbox. */
export interface Sandbox {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`; pass it as the SDK's `basePath`. */
  url: string;
  port: number;
  admin: SandboxAdmin;
  requestLog: RequestLog;
  /** The shared state and helpers route modules receive. */
  context: SandboxContext;
  app: FastifyInstance;
  /** Stops the server, dropping open connections and held responses. */
  close(): Promise<void>;
}

export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '[::1]';
}

/** Builds the Fastify app with every route but does not listen; `createSandbox` starts it. */
export async function buildSandboxApp(options: SandboxOptions = {}) {
  const clock = new OffsetClock(options.clock ?? systemClock);
  const state = new SandboxState(clock);
  const faults = new FaultEngine(options.seed ?? 1);
  const limiter = new RateLimiter();
  const requestLog = new RequestLog(options.requestLogCapacity);
  const delays = new DelayTimers();
  const initialModuleOptions = options.moduleOptions ?? {};
  const { context, runResetListeners, moduleOptions } = createSandboxContext(
    state,
    clock,
    initialModuleOptions,
  );
  const admin = new SandboxAdmin({
    state,
    clock,
    faults,
    limiter,
    requestLog,
    moduleOptions,
    initialModuleOptions,
    runResetListeners,
  });

  const app = Fastify({
    logger: options.logger ?? false,
    forceCloseConnections: true,
    // Request URLs can carry tokens (`/oauth/v1/access-tokens/:token`, admin token routes), so
    // Fastify's per-request log lines stay off; the request log records calls instead.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
  });
  registerErrorHandling(app);
  registerPipeline(app, { state, clock, faults, limiter, requestLog, delays });
  registerAdminRoutes(app, admin);
  accountRoutes(limiter)(app, context);
  for (const registerRoutes of routeModules) registerRoutes(app, context);
  await app.ready();

  if (options.provision !== undefined) admin.provision(options.provision);
  return { app, admin, requestLog, context, limiter };
}

/**
 * Starts a HubSpot API simulator on loopback (`127.0.0.1`, random port by default).
 *
 * @throws SandboxError `SANDBOX_ERR_NON_LOOPBACK_HOST` for another host without `allowNonLoopback`.
 */
export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host) && options.allowNonLoopback !== true) {
    throw new SandboxError(
      'SANDBOX_ERR_NON_LOOPBACK_HOST',
      `Host ${host} is not a loopback address; use 127.0.0.1, or pass allowNonLoopback (CLI: --allow-non-loopback) to expose the sandbox to the network.`,
    );
  }
  const { app, admin, requestLog, context } = await buildSandboxApp(options);
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 0);
  const urlHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    admin,
    requestLog,
    context,
    app,
    close: () => app.close(),
  };
}
