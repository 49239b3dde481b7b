import type { FastifyBaseLogger } from 'fastify';

import type { AppDependencies } from '../../deps.js';

/** Dependencies and logger of one request, as a route's service function receives them. */
export interface RequestContext {
  deps: AppDependencies;
  log: FastifyBaseLogger;
}
