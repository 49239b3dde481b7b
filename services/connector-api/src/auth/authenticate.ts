import type { FastifyRequest } from 'fastify';

import { parseApiKey, verifyApiKeySecret } from '@oniva-hubspot/store';

import { ApiError, connectionNotFound } from '../errors.js';
import { operatorKeyMatches } from './operator-key.js';

/** Header that carries the API key; `Authorization: Bearer <key>` is accepted too. */
export const API_KEY_HEADER = 'x-api-key';

/** Who sent a request. */
export type Caller = { kind: 'operator' } | { kind: 'account'; accountId: string; keyId: string };

/**
 * Who may call a route: `account` routes live under `/v1/accounts/{accountId}` and need a key of
 * that account; `operator` routes need the operator key from the environment.
 */
export type RouteAccess = 'account' | 'operator';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook on every `/v1` request that passed it. */
    caller?: Caller;
  }
  interface FastifyContextConfig {
    /** Who may call the route; `account` when omitted. */
    access?: RouteAccess;
  }
}

/** A stored, unrevoked API key. */
export interface StoredApiKey {
  keyId: string;
  accountId: string;
  secretHash: string;
}

export interface AuthenticationOptions {
  operatorKey: string;
  /** Returns the key with this id unless it is unknown or revoked. */
  findActiveKey(keyId: string): Promise<StoredApiKey | null>;
  /** Records that the key was used; failures are logged and otherwise ignored. */
  markUsed(keyId: string): Promise<void>;
}

const MISSING_KEY_MESSAGE = `Missing API key. Send it in the ${API_KEY_HEADER} header (or as Authorization: Bearer <key>); an operator creates keys with POST /v1/api-keys.`;
const INVALID_KEY_MESSAGE = 'Invalid API key: it is unknown or was revoked. Ask the operator for a new key.';

// Last-used times are written at most once a minute per key, so each request does not write.
const LAST_USED_INTERVAL_MS = 60_000;

/**
 * Returns the `onRequest` hook of the `/v1` routes. It resolves the caller from `x-api-key` and
 * applies the route's access rule. A key of another account than the path's gets the same 404 as
 * an account without a connection, so a caller cannot learn whether another account exists.
 */
export function createAuthenticationHook(options: AuthenticationOptions) {
  const lastMarked = new Map<string, number>();

  return async function authenticate(request: FastifyRequest): Promise<void> {
    const caller = await resolveCaller(request, options);
    request.caller = caller;
    const access = request.routeOptions.config.access ?? 'account';

    if (access === 'operator') {
      if (caller.kind !== 'operator') {
        throw new ApiError(
          'API_FORBIDDEN',
          'This route needs the operator key; account API keys cannot manage keys.',
        );
      }
      return;
    }

    if (caller.kind !== 'account') {
      throw new ApiError(
        'API_FORBIDDEN',
        'The operator key only manages API keys. Call account routes with an API key of that account.',
      );
    }
    const pathAccountId = (request.params as { accountId?: unknown }).accountId;
    if (typeof pathAccountId !== 'string' || pathAccountId !== caller.accountId) {
      throw connectionNotFound(typeof pathAccountId === 'string' ? pathAccountId : '');
    }

    const now = Date.now();
    if (now - (lastMarked.get(caller.keyId) ?? 0) >= LAST_USED_INTERVAL_MS) {
      lastMarked.set(caller.keyId, now);
      options.markUsed(caller.keyId).catch((error: unknown) => {
        request.log.warn({ err: error, keyId: caller.keyId }, 'recording API key use failed');
      });
    }
  };
}

/** Returns the key sent in `x-api-key`, or as `Authorization: Bearer <key>`; undefined when none. */
export function presentedApiKey(request: FastifyRequest): string | undefined {
  const header = request.headers[API_KEY_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  if (value !== undefined && value !== '') {
    return value;
  }
  const authorization = request.headers.authorization;
  const bearer = authorization === undefined ? undefined : /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  return bearer;
}

async function resolveCaller(request: FastifyRequest, options: AuthenticationOptions): Promise<Caller> {
  const presented = presentedApiKey(request);
  if (presented === undefined) {
    throw new ApiError('API_UNAUTHENTICATED', MISSING_KEY_MESSAGE);
  }

  const parsed = parseApiKey(presented);
  if (parsed === null) {
    if (operatorKeyMatches(presented, options.operatorKey)) {
      return { kind: 'operator' };
    }
    throw new ApiError('API_UNAUTHENTICATED', INVALID_KEY_MESSAGE);
  }

  const stored = await options.findActiveKey(parsed.keyId);
  if (stored === null || !verifyApiKeySecret(parsed.secret, stored.secretHash)) {
    throw new ApiError('API_UNAUTHENTICATED', INVALID_KEY_MESSAGE);
  }
  return { kind: 'account', accountId: stored.accountId, keyId: stored.keyId };
}
