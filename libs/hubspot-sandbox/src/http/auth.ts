import type { FastifyRequest } from 'fastify';
import type { AuthContext, ScopeRequirement } from '../context.js';
import type { SandboxState } from '../state/store.js';
import { invalidAuthentication, missingScopes } from './hubspot-errors.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Returns the token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  return BEARER.exec(header)?.[1];
}

/** Resolves a token string to its caller, or undefined when it is unknown, expired or orphaned. */
export function resolveCaller(
  state: SandboxState,
  token: string | undefined,
  now: number,
): AuthContext | undefined {
  if (token === undefined) return undefined;
  const record = state.tokens.findActive(token, now);
  if (record === undefined) return undefined;
  const portalState = state.portals.get(record.portalId);
  if (portalState === undefined) return undefined;
  return {
    token: record,
    portal: portalState.portal,
    portalId: record.portalId,
    appId: record.appId,
    userId: record.userId,
  };
}

/** Throws 401 without a valid caller and 403 when the token has none of the required scopes. */
export function authorize(caller: AuthContext | undefined, scopes: ScopeRequirement): AuthContext {
  if (caller === undefined) throw invalidAuthentication();
  if (scopes.anyOf.length > 0 && !scopes.anyOf.some((scope) => caller.token.scopes.has(scope))) {
    throw missingScopes(scopes.anyOf);
  }
  return caller;
}

export function authorizeRequest(
  state: SandboxState,
  request: FastifyRequest,
  scopes: ScopeRequirement,
  now: number,
): AuthContext {
  return authorize(resolveCaller(state, bearerToken(request), now), scopes);
}
