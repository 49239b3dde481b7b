import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import https from 'node:https';

import type { CapturedResponse } from './classify.js';
import type { RequestLine } from './errors.js';

/**
 * Per-call state shared between the gateway and the SDK's HTTP layer. `@hubspot/api-client` 14
 * has no per-call timeout or AbortSignal, so the gateway runs each call inside an
 * AsyncLocalStorage context. The agent below finds the call's `ClientRequest` and destroys it on
 * abort. The middleware records the request line and the raw response, because the SDK drops
 * unknown error fields such as `policyName` and cannot parse HTML bodies.
 */
export interface CallContext {
  signal: AbortSignal;
  request?: RequestLine;
  response?: CapturedResponse;
  /** The request was completely written to the socket. */
  requestSent: boolean;
}

const callStorage = new AsyncLocalStorage<CallContext>();

export function currentCall(): CallContext | undefined {
  return callStorage.getStore();
}

/** Reason used to abort a call whose time ran out. */
export class CallTimeoutError extends Error {
  override readonly name = 'CallTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`HubSpot call timed out after ${timeoutMs} ms`);
  }
}

export interface CallOutcome<T> {
  context: CallContext;
  value?: T;
  error?: unknown;
  timedOut: boolean;
  aborted: boolean;
}

/**
 * Runs `send` in a fresh call context and settles within `timeoutMs`. On timeout or caller abort
 * the in-flight request is destroyed (its socket is not reused) and the outcome reports it.
 */
export async function runCall<T>(
  send: () => Promise<T>,
  options: { timeoutMs: number; signal?: AbortSignal | undefined },
): Promise<CallOutcome<T>> {
  const controller = new AbortController();
  const context: CallContext = { signal: controller.signal, requestSent: false };
  const timer = setTimeout(
    () => controller.abort(new CallTimeoutError(options.timeoutMs)),
    options.timeoutMs,
  );
  const forwardAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) {
    forwardAbort();
  } else {
    options.signal?.addEventListener('abort', forwardAbort, { once: true });
  }

  // The race returns promptly even if something inside the SDK ignores the destroyed request.
  const aborted = new Promise<never>((_, reject) => {
    const rejectWithReason = () => reject(controller.signal.reason);
    if (controller.signal.aborted) {
      rejectWithReason();
    } else {
      controller.signal.addEventListener('abort', rejectWithReason, { once: true });
    }
  });
  aborted.catch(() => undefined);

  try {
    const value = await Promise.race([callStorage.run(context, send), aborted]);
    return { context, value, timedOut: false, aborted: false };
  } catch (error) {
    const reason: unknown = controller.signal.aborted ? controller.signal.reason : undefined;
    const timedOut = reason instanceof CallTimeoutError;
    return { context, error, timedOut, aborted: controller.signal.aborted && !timedOut };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', forwardAbort);
    if (!controller.signal.aborted) {
      controller.abort(new Error('HubSpot call finished'));
    }
  }
}

/** Node's `Agent.addRequest`, which @types/node does not declare. */
type AddRequest = (this: http.Agent, request: http.ClientRequest, options: unknown) => void;
const agentAddRequest = (http.Agent.prototype as unknown as { addRequest: AddRequest }).addRequest;

/** Binds a request created inside a call context to that call's abort signal. */
function attachToCall(request: http.ClientRequest): void {
  const context = callStorage.getStore();
  if (context === undefined) {
    return;
  }

  const destroy = () =>
    request.destroy(context.signal.reason instanceof Error ? context.signal.reason : undefined);
  if (context.signal.aborted) {
    destroy();
    return;
  }
  context.signal.addEventListener('abort', destroy, { once: true });
  request.once('close', () => context.signal.removeEventListener('abort', destroy));
  request.once('finish', () => {
    context.requestSent = true;
  });
}

class CallAwareHttpAgent extends http.Agent {
  addRequest(request: http.ClientRequest, options: unknown): void {
    attachToCall(request);
    agentAddRequest.call(this, request, options);
  }
}

class CallAwareHttpsAgent extends https.Agent {
  addRequest(request: http.ClientRequest, options: unknown): void {
    attachToCall(request);
    agentAddRequest.call(this, request, options);
  }
}

/** Keep-alive agent for `basePath`'s protocol whose requests obey the current call's abort signal. */
export function createCallAwareAgent(basePath: string): http.Agent {
  const options = { keepAlive: true, keepAliveMsecs: 1_000, scheduling: 'lifo' as const };
  return basePath.startsWith('https:') ? new CallAwareHttpsAgent(options) : new CallAwareHttpAgent(options);
}

/** The parts of the SDK's RequestContext and ResponseContext that the middleware reads. */
interface SdkRequestContext {
  getHttpMethod(): string;
  getUrl(): string;
}
interface SdkResponseContext {
  httpStatusCode: number;
  headers: Record<string, string>;
  body: { text(): Promise<string> };
}

/**
 * SDK middleware that records the request line and the raw response of the current call. The SDK
 * buffers the body, so reading it here does not consume it for the deserialiser.
 */
export const captureMiddleware = {
  pre(context: unknown): unknown {
    const call = callStorage.getStore();
    const request = context as SdkRequestContext;
    if (call !== undefined) {
      call.request = requestLineOf(String(request.getHttpMethod()), request.getUrl());
    }
    return context;
  },
  async post(context: unknown): Promise<unknown> {
    const call = callStorage.getStore();
    const response = context as SdkResponseContext;
    if (call !== undefined) {
      call.response = {
        status: response.httpStatusCode,
        headers: lowerCaseHeaders(response.headers),
        bodyText: await response.body.text(),
      };
    }
    return context;
  },
};

export function requestLineOf(method: string, url: string): RequestLine {
  const parsed = new URL(url);
  return { method: method.toUpperCase(), path: `${parsed.pathname}${parsed.search}` };
}

function lowerCaseHeaders(headers: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    result[name.toLowerCase()] = value;
  }
  return result;
}
