import { createHash } from 'node:crypto';
import type http from 'node:http';

import { Client } from '@hubspot/api-client';
import type { Connection as MongooseConnection } from 'mongoose';
import { pino, type Logger } from 'pino';
import { Registry } from 'prom-client';
import { z } from 'zod';

import { HubSpotConnection, type ConnectionDependencies } from './connection.js';
import { createGatewayMetrics, type GatewayMetrics } from './metrics.js';
import { MongoWindowStore } from './rate-limit/mongo-window-store.js';
import { rateLimitOptionsSchema, type RateLimitOptionsInput } from './rate-limit/options.js';
import { RateLimiter } from './rate-limit/rate-limiter.js';
import type { WindowStore } from './rate-limit/window-store.js';
import { retryPolicySchema, type RetryPolicy, type RetryPolicyInput } from './retry.js';
import { captureMiddleware, createCallAwareAgent } from './transport.js';

export const HUBSPOT_BASE_PATH = 'https://api.hubapi.com';

const gatewayOptionsSchema = z.object({
  /** HubSpot API origin without a trailing slash; the sandbox URL in tests. */
  basePath: z
    .url()
    .default(HUBSPOT_BASE_PATH)
    .transform((value) => value.replace(/\/+$/, '')),
  /** Time allowed for one HTTP call, from sending to the parsed response, in ms. */
  timeoutMs: z.number().int().min(1).default(15_000),
});

export interface GatewayOptions {
  basePath?: string | undefined;
  timeoutMs?: number | undefined;
  /**
   * MongoDB connection holding the shared rate windows (collection `hubspot_rate_windows`).
   * Without it each process limits itself alone, with the `fallbackShare` of the budget.
   */
  mongo?: MongooseConnection | undefined;
  /** Registry for the gateway's metrics; a private one when omitted. */
  registry?: Registry | undefined;
  logger?: Logger | undefined;
  retry?: RetryPolicyInput | undefined;
  rateLimits?: RateLimitOptionsInput | undefined;
  /** Replaces the MongoDB store (tests). */
  windowStore?: WindowStore | undefined;
}

export interface ConnectOptions {
  accessToken: string;
  portalId: number;
  /** The private app's id (`appId` of the token info): HubSpot's burst window is per portal and app. */
  appId: number;
  /** The portal's time zone from the account details; the daily limit resets at midnight there. */
  timeZone?: string | undefined;
}

/**
 * Process-wide entry to HubSpot: one SDK `Client` per token, one keep-alive agent, one limiter.
 *
 * SDK 14 keeps its retry and limiter decorators in a process-wide singleton that the most
 * recently constructed `Client` overwrites. Every client here is built with the same options
 * (no SDK retries, no SDK limiter) so constructing one never changes another's behaviour.
 */
export class HubSpotGateway {
  readonly basePath: string;
  readonly metrics: GatewayMetrics;
  readonly registry: Registry;
  readonly logger: Logger;
  readonly limiter: RateLimiter;
  private readonly timeoutMs: number;
  private readonly retryPolicy: RetryPolicy;
  private readonly agent: http.Agent;
  private readonly connections = new Map<string, HubSpotConnection>();

  constructor(options: GatewayOptions = {}) {
    const parsed = gatewayOptionsSchema.parse({ basePath: options.basePath, timeoutMs: options.timeoutMs });
    this.basePath = parsed.basePath;
    this.timeoutMs = parsed.timeoutMs;
    this.retryPolicy = retryPolicySchema.parse(options.retry ?? {});
    this.registry = options.registry ?? new Registry();
    this.metrics = createGatewayMetrics(this.registry);
    this.logger = (options.logger ?? pino({ level: 'silent' })).child({ component: 'hubspot-gateway' });
    this.agent = createCallAwareAgent(this.basePath);

    const rateLimits = rateLimitOptionsSchema.parse(options.rateLimits ?? {});
    const store = options.windowStore ?? (options.mongo ? new MongoWindowStore(options.mongo) : undefined);
    if (store === undefined) {
      this.logger.warn(
        { fallbackShare: rateLimits.fallbackShare },
        'no MongoDB for rate limits; limiting per process',
      );
    }
    this.limiter = new RateLimiter(store, rateLimits, this.logger, this.metrics);
  }

  /** Returns the connection for this token, creating its SDK client on first use. */
  connect(options: ConnectOptions): HubSpotConnection {
    const key = fingerprint(options.accessToken);
    const existing = this.connections.get(key);
    if (
      existing !== undefined &&
      existing.portalId === options.portalId &&
      existing.timeZone === options.timeZone
    ) {
      return existing;
    }

    const connection = new HubSpotConnection(
      { portalId: options.portalId, appId: options.appId, timeZone: options.timeZone },
      this.dependencies(options.accessToken),
    );
    this.connections.set(key, connection);
    return connection;
  }

  /**
   * Returns a connection for a token whose portal is not known yet, for token inspection only.
   * It applies timeouts, retries and classification but no rate limit, because the portal and
   * app that the limit belongs to are what the inspection finds out.
   */
  connectUnbound(accessToken: string): HubSpotConnection {
    return new HubSpotConnection(
      { portalId: 0, appId: 0 },
      { ...this.dependencies(accessToken), limiter: undefined },
    );
  }

  /** Forgets the connection of a token (after rotation or deletion). */
  disconnect(accessToken: string): void {
    this.connections.delete(fingerprint(accessToken));
  }

  private dependencies(accessToken: string): ConnectionDependencies {
    return {
      client: this.createClient(accessToken),
      accessToken,
      basePath: this.basePath,
      agent: this.agent,
      limiter: this.limiter,
      metrics: this.metrics,
      logger: this.logger,
      timeoutMs: this.timeoutMs,
      retryPolicy: this.retryPolicy,
    };
  }

  /** Builds an SDK client with the options shared by every client of the process. */
  createClient(accessToken: string): Client {
    return new Client({
      accessToken,
      basePath: this.basePath,
      numberOfApiCallRetries: 0,
      httpAgent: this.agent,
      middleware: [captureMiddleware],
    });
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.agent.destroy();
  }
}

/** Map key for a token that keeps the token itself out of heap dumps of the map. */
function fingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
