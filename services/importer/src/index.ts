/**
 * The importer service: imports the contacts of a HubSpot list into an Oniva event or as Oniva
 * accounts, as runs that survive restarts. `main.ts` starts it from the environment, and tests and
 * tools start it with their own clients.
 *
 * @example
 * import { loadImporterConfig, startImporter } from '@oniva-hubspot/importer';
 *
 * const { config } = loadImporterConfig(process.env);
 * const importer = await startImporter({ config, mongo, kafka, gateway, registry, logger });
 * // later, on SIGTERM: every run releases its lease at its last page checkpoint
 * await importer.stop();
 */
export { importerEnv, loadImporterConfig, MAX_MEMBERSHIP_PAGE_SIZE, type ImporterConfig } from './config.js';
export { startImporter, type ImporterService, type ImporterServiceOptions } from './service.js';
export { ImporterError, isImporterError, type ImporterErrorCode } from './errors.js';
export {
  SKIP_REASONS,
  mapContact,
  propertiesToRead,
  type SkipReason,
  type MappedFields,
} from './mapping/map-contact.js';
export { CONTACT_IMPORT_SCOPES, type RunFailure } from './run/failure.js';
export { Scheduler, type SchedulerOptions } from './run/scheduler.js';
export type { JobOutcome } from './run/import-job.js';
