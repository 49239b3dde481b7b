/**
 * The link sink: transfers Oniva's personal event links (`oniva.links.v1`) to HubSpot as custom
 * object records associated with their contacts. `main.ts` starts it from the environment; tests
 * and tools start it in their own process.
 *
 * @example
 * import { loadLinkSinkConfig, startLinkSink } from '@oniva-hubspot/link-sink';
 *
 * const { config } = loadLinkSinkConfig(process.env);
 * const sink = await startLinkSink({ config, logger, registry });
 * // later, on SIGTERM: the batch in progress finishes or is abandoned uncommitted
 * await sink.stop();
 */
export { linkSinkEnv, loadLinkSinkConfig, type LinkSinkConfig } from './config.js';
export { startLinkSink, type RunningLinkSink, type StartLinkSinkOptions } from './sink.js';
export {
  LinkSinkError,
  LINK_SINK_ERROR_CODES,
  type LinkSinkErrorCode,
  type LinkSinkErrorKind,
} from './errors.js';
export { handleLinks } from './links/handle-links.js';
export { linkInputSchema } from './input-schema.js';
export { SKIP_REASONS, PARK_REASON, type SkipReason } from './outcomes.js';
export { LINK_SCOPES, SCHEMA_WRITE_SCOPE, diagnoseConnectionFailure } from './failures/diagnosis.js';
export {
  DEFAULT_LINK_SCHEMA_NAME,
  LINK_PROPERTIES,
  linkSchemaDefinition,
  schemaProblems,
  type LinkSchemaDefinition,
  type SchemaSummary,
} from './schema/link-object.js';
export { linkLedgerKey } from './ports.js';
export type {
  LinkSinkDependencies,
  LinkHubSpotApi,
  LinkLedger,
  LinkObjectSchema,
  LinkConnection,
  HandleOptions,
} from './ports.js';
