import type http from 'node:http';

import type { Client } from '@hubspot/api-client';
import type { Logger } from 'pino';

import { classifyFailure, type CapturedResponse } from './classify.js';
import type { HubSpotError } from './errors.js';
import type { GatewayMetrics } from './metrics.js';
import { sendRawRequest, type RawRequest, type RawResponse } from './raw-request.js';
import { parseRateLimitHeaders } from './rate-limit/headers.js';
import type { RateBucket } from './rate-limit/options.js';
import type { LimiterScope, RateLimiter } from './rate-limit/rate-limiter.js';
import { withRetry, type RetryPolicy } from './retry.js';
import { runCall } from './transport.js';

/** Describes one HubSpot call for limits, retries, metrics and logs. */
export interface CallSpec {
  /** Stable name such as `contacts.batch.upsert`, used as the metrics `endpoint` label. */
  operation: string;
  /**
   * False for calls whose repetition could create a duplicate (schema create). Such a call is
   * retried only when HubSpot surely did not apply it (429, request never sent).
   */
  idempotent: boolean;
  /** `search` for CRM search endpoints, which HubSpot limits per second instead of per 10 s. */
  bucket?: RateBucket | undefined;
  /** Overrides the gateway's retry policy; `false` makes exactly one attempt. */
  retry?: RetryPolicy | false | undefined;
}

export interface CallOptions {
  /** Aborts waiting, retries and the request in flight (shutdown). */
  signal?: AbortSignal | undefined;
}

export interface CallResult<T> {
  data: T;
  /** The raw response, with lower-case header names; absent only if the SDK made no request. */
  response: CapturedResponse | undefined;
}

export interface ConnectionDependencies {
  client: Client;
  accessToken: string;
  basePath: string;
  agent: http.Agent;
  /** Undefined for a connection whose portal is not known yet (token inspection): no limits apply. */
  limiter: RateLimiter | undefined;
  metrics: GatewayMetrics;
  logger: Logger;
  timeoutMs: number;
  retryPolicy: RetryPolicy;
}

/**
 * One HubSpot portal reached with one private-app token. Every call goes through `call`, which
 * applies the daily-limit check, the per-portal concurrency cap, the shared rate limit, the
 * timeout, metrics, classification and in-process retries.
 */
export class HubSpotConnection {
  readonly portalId: number;
  readonly appId: number;
  readonly timeZone: string | undefined;
  readonly logger: Logger;
  private readonly scope: LimiterScope;

  constructor(
    scope: LimiterScope,
    private readonly deps: ConnectionDependencies,
  ) {
    this.scope = scope;
    this.portalId = scope.portalId;
    this.appId = scope.appId;
    this.timeZone = scope.timeZone;
    this.logger = deps.logger.child({ portalId: scope.portalId, appId: scope.appId });
  }

  /** Runs `send` with the SDK client under the gateway's rules; throws `HubSpotError` on failure. */
  async call<T>(
    spec: CallSpec,
    send: (client: Client) => Promise<T>,
    options: CallOptions = {},
  ): Promise<CallResult<T>> {
    return this.withRetries(spec, () => send(this.deps.client), options);
  }

  /** Sends a request to an endpoint that the SDK does not wrap, under the same rules as `call`. */
  async request(
    spec: CallSpec,
    request: RawRequest,
    options: CallOptions = {},
  ): Promise<CallResult<RawResponse>> {
    const target = {
      basePath: this.deps.basePath,
      accessToken: this.deps.accessToken,
      agent: this.deps.agent,
    };
    return this.withRetries(spec, () => sendRawRequest(target, request), options);
  }

  private withRetries<T>(
    spec: CallSpec,
    send: () => Promise<T>,
    options: CallOptions,
  ): Promise<CallResult<T>> {
    const policy =
      spec.retry === false
        ? { ...this.deps.retryPolicy, maxAttempts: 1 }
        : (spec.retry ?? this.deps.retryPolicy);
    return withRetry(spec.operation, () => this.attempt(spec, send, options), {
      policy,
      signal: options.signal,
      canRetry: (error) => spec.idempotent || !error.outcomeUnknown,
      onRetry: ({ error, attempt, delayMs }) =>
        this.logger.warn(
          { operation: spec.operation, attempt, delayMs, code: error.code, status: error.status },
          'retrying HubSpot call',
        ),
    });
  }

  private async attempt<T>(
    spec: CallSpec,
    send: () => Promise<T>,
    options: CallOptions,
  ): Promise<CallResult<T>> {
    const limiter = this.deps.limiter;
    if (limiter === undefined) {
      return this.send(spec, send, options);
    }

    const bucket = spec.bucket ?? 'standard';
    await limiter.assertDailyAvailable(this.scope);
    return limiter.concurrencyFor(this.portalId)(async () => {
      await limiter.acquire(this.scope, bucket, options.signal);
      return this.send(spec, send, options);
    });
  }

  private async send<T>(
    spec: CallSpec,
    send: () => Promise<T>,
    options: CallOptions,
  ): Promise<CallResult<T>> {
    const limiter = this.deps.limiter;
    const started = performance.now();
    const outcome = await runCall(send, { timeoutMs: this.deps.timeoutMs, signal: options.signal });
    const seconds = (performance.now() - started) / 1000;
    const response = outcome.context.response;
    const labels = { endpoint: spec.operation, portal: String(this.portalId) };
    this.deps.metrics.duration.observe({ endpoint: spec.operation }, seconds);

    if (response !== undefined && limiter !== undefined) {
      await limiter.observe(this.scope, parseRateLimitHeaders(response.headers));
    }
    if (outcome.error === undefined) {
      this.deps.metrics.calls.inc({ ...labels, status: String(response?.status ?? 'ok') });
      return { data: outcome.value as T, response };
    }

    const madeNoRequest = outcome.context.request === undefined && !outcome.timedOut && !outcome.aborted;
    if (madeNoRequest) {
      // The SDK rejected the arguments before sending (e.g. a string where it needs a Date).
      throw outcome.error;
    }

    const error = classifyFailure({
      operation: spec.operation,
      portalId: this.portalId,
      request: outcome.context.request,
      response,
      thrown: outcome.error,
      timedOut: outcome.timedOut,
      aborted: outcome.aborted,
      requestSent: outcome.context.requestSent,
      timeZone: this.timeZone,
    });
    this.deps.metrics.calls.inc({ ...labels, status: statusLabel(error) });
    await this.react(error, spec.bucket ?? 'standard');
    throw error;
  }

  /** Shares what a failure teaches about the portal's limits with every process. */
  private async react(error: HubSpotError, bucket: RateBucket): Promise<void> {
    const limiter = this.deps.limiter;
    const fields = {
      operation: error.operation,
      code: error.code,
      status: error.status,
      request: error.request,
    };
    if (error.code === 'HUBSPOT_RATE_LIMITED' && error.status === 429) {
      this.deps.metrics.rateLimited.inc({
        portal: String(this.portalId),
        policy: error.policyName ?? 'unknown',
      });
      await limiter?.pauseAfterRateLimit(this.scope, bucket, error.retryAfterMs ?? 0);
      return;
    }
    if (error.code === 'HUBSPOT_DAILY_LIMIT_REACHED') {
      this.deps.metrics.rateLimited.inc({
        portal: String(this.portalId),
        policy: error.policyName ?? 'DAILY',
      });
      await limiter?.markDailyExhausted(this.scope);
      return;
    }
    if (error.kind === 'connection') {
      this.logger.error({ ...fields, requiredScopes: error.requiredScopes }, 'HubSpot connection failure');
    } else if (error.kind === 'retriable') {
      this.logger.warn(fields, 'HubSpot call failed; retriable');
    } else {
      this.logger.info({ ...fields, correlationId: error.correlationId }, 'HubSpot rejected the call');
    }
  }
}

function statusLabel(error: HubSpotError): string {
  if (error.status !== undefined) {
    return String(error.status);
  }
  if (error.code === 'HUBSPOT_TIMEOUT') {
    return 'timeout';
  }
  return error.code === 'HUBSPOT_ABORTED' ? 'aborted' : 'network_error';
}
