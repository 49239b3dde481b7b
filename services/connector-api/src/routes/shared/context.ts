import type { FastifyBaseLogger } from 'fastify';

import type { AppDependencies } from '../../deps.js';

/** What a route's service function needs: the app's dependencies and the request's logger. */
export interface RequestContext {
  deps: AppDependencies;
  log: FastifyBaseLogger;
}
