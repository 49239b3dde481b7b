import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import type { AuthContext } from '../context.js';
import type { FaultDecision, FaultEngine } from '../faults/engine.js';
import { faultResponse } from '../faults/responses.js';
import type { RateLimiter } from '../limits/rate-limiter.js';
import type { RequestLog } from '../request-log.js';
import type { SandboxState } from '../state/store.js';
import { bearerToken, resolveCaller } from './auth.js';
import type { DelayTimers } from './delay-timers.js';
import { rateLimitError } from './rate-limit-errors.js';

/** Per-request bookkeeping of the HubSpot pipeline. */
export interface RequestTrace {
  caller?: AuthContext;
  fault: FaultDecision;
  receivedAt: number;
  startedAt: number;
  /** True once the entry was written to the request log (dropped connections log early). */
  logged: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    sandboxTrace: RequestTrace | null;
  }
}

export const ADMIN_PREFIX = '/_sandbox';

export interface PipelineDependencies {
  state: SandboxState;
  clock: Clock;
  faults: FaultEngine;
  limiter: RateLimiter;
  requestLog: RequestLog;
  delays: DelayTimers;
}

function pathOf(url: string): string {
  const queryStart = url.indexOf('?');
  return queryStart === -1 ? url : url.slice(0, queryStart);
}

export function isAdminPath(url: string): boolean {
  const path = pathOf(url);
  return path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`);
}

/**
 * Registers the hooks every HubSpot call passes through. The order is: resolve the token, count
 * the call against the rate limits (429 when over), decide faults and add latency. Then an
 * injected error is sent or the connection dropped, or else the handler runs, after which the
 * response may be held or dropped. Admin routes under `/_sandbox` skip all of it.
 */
export function registerPipeline(app: FastifyInstance, deps: PipelineDependencies): void {
  app.decorateRequest('sandboxTrace', null);

  app.addHook('onRequest', async (request, reply) => {
    if (isAdminPath(request.url)) return;
    const receivedAt = deps.clock.now();
    const caller = resolveCaller(deps.state, bearerToken(request), receivedAt);
    const trace: RequestTrace = {
      caller,
      fault: { latencyMs: 0, forcedFailures: new Set(), ruleIds: [] },
      receivedAt,
      startedAt: performance.now(),
      logged: false,
    };
    request.sandboxTrace = trace;

    // Limits count the call on arrival; a rejected call consumes no fault budget.
    if (caller !== undefined && request.routeOptions.url !== undefined) {
      const kind = request.routeOptions.config.hubspotRateLimit ?? 'standard';
      const decision = deps.limiter.check(caller.portal, caller.appId, kind, receivedAt);
      reply.headers(decision.headers);
      if (!decision.allowed) throw rateLimitError(decision);
    }

    trace.fault = deps.faults.decide({
      method: request.method,
      path: pathOf(request.url),
      portalId: caller?.portalId,
    });
    if (trace.fault.latencyMs > 0) await deps.delays.wait(trace.fault.latencyMs);

    const outcome = trace.fault.outcome;
    if (outcome?.type === 'status') {
      const response = faultResponse(outcome, randomUUID());
      if (outcome.retryAfterSeconds !== undefined) {
        reply.header('retry-after', String(outcome.retryAfterSeconds));
      }
      return reply.code(outcome.status).type(response.contentType).send(response.payload);
    }
    if (outcome?.type === 'drop' && outcome.when === 'before') {
      reply.hijack();
      dropConnection(request, deps);
    }
    return undefined;
  });

  app.addHook('onSend', async (request, _reply, payload) => {
    const outcome = request.sandboxTrace?.fault.outcome;
    if (outcome?.type === 'timeout') {
      await deps.delays.wait(outcome.ms, () => request.raw.socket?.destroy());
    }
    if (outcome?.type === 'drop' && outcome.when === 'after') dropConnection(request, deps);
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    logRequest(request, reply.statusCode, deps);
  });

  app.addHook('preClose', async () => {
    deps.delays.releaseAll();
  });
}

/** Destroys the client connection without a response and logs the call with status 0. */
function dropConnection(request: FastifyRequest, deps: PipelineDependencies): void {
  request.raw.socket?.destroy();
  logRequest(request, 0, deps);
}

function logRequest(request: FastifyRequest, status: number, deps: PipelineDependencies): void {
  const trace = request.sandboxTrace;
  if (trace === null || trace.logged) return;
  trace.logged = true;
  deps.requestLog.add({
    receivedAt: trace.receivedAt,
    method: request.method,
    path: pathOf(request.url),
    route: request.routeOptions.url,
    query: { ...(request.query as Record<string, unknown>) },
    body: request.body,
    status,
    portalId: trace.caller?.portalId,
    appId: trace.caller?.appId,
    faults: trace.fault.ruleIds,
    durationMs: Math.round((performance.now() - trace.startedAt) * 100) / 100,
  });
}
