import type { RouteModule } from '../context.js';
import { contactBasicRoutes } from './contacts-basic.js';
import { contactBatchReadRoutes } from './contacts-batch-read.js';
import { contactBatchWriteRoutes } from './contacts-batch-write.js';
import { contactSearchRoutes } from './contacts-search.js';
import { listIdMappingRoutes } from './list-id-mapping.js';
import { listMembershipRoutes } from './list-memberships.js';
import { listRoutes } from './lists.js';
import { propertyRoutes } from './properties.js';
import { associationRoutes } from './associations.js';
import { customObjectRecordRoutes } from './custom-objects-records.js';
import { customObjectSchemaRoutes } from './custom-objects-schemas.js';
import { marketingEventRoutes } from './marketing-events.js';
import { marketingEventAttendanceRoutes } from './marketing-events-attendance.js';
import { marketingEventLegacyAttendanceRoutes } from './marketing-events-attendance-legacy.js';
import { marketingEventBatchRoutes } from './marketing-events-batch.js';
import { marketingEventParticipationRoutes } from './marketing-events-participations.js';
import { marketingEventSearchRoutes } from './marketing-events-search.js';

/**
 * Every HubSpot route module the sandbox registers, in order. Append new modules here. The
 * account and token routes are registered by the server itself because they read rate-limit
 * usage.
 */
export const routeModules: RouteModule[] = [
  listRoutes,
  listMembershipRoutes,
  listIdMappingRoutes,
  propertyRoutes,
  contactBasicRoutes,
  contactBatchReadRoutes,
  contactBatchWriteRoutes,
  contactSearchRoutes,
  marketingEventRoutes,
  marketingEventBatchRoutes,
  marketingEventAttendanceRoutes,
  marketingEventLegacyAttendanceRoutes,
  marketingEventParticipationRoutes,
  marketingEventSearchRoutes,
  customObjectSchemaRoutes,
  customObjectRecordRoutes,
  associationRoutes,
];
