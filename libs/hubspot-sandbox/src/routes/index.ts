import type { RouteModule } from '../context.js';

/**
 * Every HubSpot route module the sandbox registers, in order. Append new modules here.
 */
export const routeModules: RouteModule[] = [];
