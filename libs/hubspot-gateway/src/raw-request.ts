import type http from 'node:http';

import {
  HttpMethod,
  IsomorphicFetchHttpLibrary,
  RequestContext,
  type ResponseContext,
} from '@hubspot/api-client/lib/codegen/crm/contacts/index.js';

import { captureMiddleware } from './transport.js';

export interface RawRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below `basePath`, starting with `/`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined> | undefined;
  body?: unknown;
  /** Sends no Authorization header (for endpoints that take the token in the body). */
  anonymous?: boolean | undefined;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON, or undefined for an empty body. */
  body: unknown;
}

/** Raised for a non-2xx status; the gateway classifies it from the captured response. */
export class RawStatusError extends Error {
  override readonly name = 'RawStatusError';
  constructor(readonly status: number) {
    super(`HubSpot answered with status ${status}`);
  }
}

/**
 * Sends a request to an endpoint that SDK 14 does not wrap (account details, token info,
 * api-usage). It uses the SDK's own HTTP layer (`RequestContext` and `IsomorphicFetchHttpLibrary`)
 * with the gateway's agent and capture middleware, so it gets the same timeout, abort and
 * capture as every generated method. `client.apiRequest` is not used because in 14.0.1 it sends
 * through the global `fetch` without an AbortSignal, so a timed-out call could not be cancelled.
 */
export async function sendRawRequest(
  target: { basePath: string; accessToken: string; agent: http.Agent },
  request: RawRequest,
): Promise<RawResponse> {
  const url = new URL(`${target.basePath}${request.path}`);
  for (const [name, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) {
      url.searchParams.set(name, String(value));
    }
  }

  const context = new RequestContext(url.toString(), HttpMethod[request.method]);
  context.setHeaderParam('Accept', 'application/json');
  if (!request.anonymous) {
    context.setHeaderParam('Authorization', `Bearer ${target.accessToken}`);
  }
  if (request.body !== undefined) {
    context.setHeaderParam('Content-Type', 'application/json');
    context.setBody(JSON.stringify(request.body));
  }
  context.setAgent(target.agent);

  captureMiddleware.pre(context);
  const response: ResponseContext = await new IsomorphicFetchHttpLibrary().send(context).toPromise();
  await captureMiddleware.post(response);

  const text = await response.body.text();
  if (response.httpStatusCode < 200 || response.httpStatusCode > 299) {
    throw new RawStatusError(response.httpStatusCode);
  }
  return {
    status: response.httpStatusCode,
    headers: response.headers,
    body: text === '' ? undefined : JSON.parse(text),
  };
}
