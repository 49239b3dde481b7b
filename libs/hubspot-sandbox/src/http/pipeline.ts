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
import type { Holds } from './holds.js';
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
  holds: Holds;
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
 * Registers the hooks every HubSpot call passes through, in this order: resolve the token,
 * decide faults, add latency, count the call against the rate limits (429 when over), send an
 * injected error or drop the connection, run the handler, then hold or drop the response.
 * Admin routes under `/_sandbox` skip all of it.
 */
export function registerPipeline(app: FastifyInstance, deps: PipelineDependencies): void {
  app.decorateRequest('sandboxTrace', null);

  app.addHook('onRequest', async (request, reply) => {
    if (isAdminPath(request.url)) return;
    const receivedAt = deps.clock.now();
    const caller = resolveCaller(deps.state, bearerToken(request), receivedAt);
    const fault = deps.faults.decide({
      method: request.method,
      path: pathOf(request.url),
      portalId: caller?.portalId,
    });
    const trace: RequestTrace = { caller, fault, receivedAt, startedAt: performance.now(), logged: false };
    request.sandboxTrace = trace;

    if (fault.latencyMs > 0) await deps.holds.wait(fault.latencyMs);

    const routeKnown = request.routeOptions.url !== undefined;
    if (caller !== undefined && routeKnown) {
      const kind = request.routeOptions.config.rateLimit ?? 'standard';
      const decision = deps.limiter.check(caller.portal, caller.appId, kind, deps.clock.now());
      reply.headers(decision.headers);
      if (!decision.allowed) throw rateLimitError(decision);
    }

    const outcome = fault.outcome;
    if (outcome?.type === 'status') {
      const response = faultResponse(outcome, randomUUID());
      if (outcome.retryAfterSeconds !== undefined)
        reply.header('retry-after', String(outcome.retryAfterSeconds));
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
      await deps.holds.wait(outcome.ms, () => request.raw.socket?.destroy());
    }
    if (outcome?.type === 'drop' && outcome.when === 'after') dropConnection(request, deps);
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    logRequest(request, reply.statusCode, deps);
  });

  app.addHook('preClose', async () => {
    deps.holds.releaseAll();
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
