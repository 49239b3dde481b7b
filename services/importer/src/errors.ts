/**
 * Errors the importer creates itself. HubSpot failures stay `HubSpotError`s from the gateway until
 * a run ends. Then `runFailureOf` (in `run/failure.ts`) turns either kind into the stored failure.
 */

/** Closed list of the importer's error codes. */
export type ImporterErrorCode =
  /** The account has no HubSpot connection, or it was deleted. */
  | 'IMPORTER_ERR_CONNECTION_MISSING'
  /** The connection exists but contact import is not enabled on it. */
  | 'IMPORTER_ERR_FEATURE_DISABLED'
  /** The stored access token cannot be decrypted with the configured keys. */
  | 'IMPORTER_ERR_TOKEN_UNREADABLE'
  /** The HubSpot list does not exist (or is not an ILS list id). */
  | 'IMPORTER_ERR_LIST_NOT_FOUND'
  /** The account's connection was switched to another HubSpot portal during the run. */
  | 'IMPORTER_ERR_PORTAL_CHANGED'
  /** HubSpot kept failing with retriable errors for every attempt of one page. */
  | 'IMPORTER_ERR_HUBSPOT_UNAVAILABLE'
  /** HubSpot rejected a whole call for a reason retrying cannot fix. */
  | 'IMPORTER_ERR_HUBSPOT_REJECTED'
  /** The stored import request lacks a field its target needs. */
  | 'IMPORTER_ERR_INVALID_REQUEST'
  /** Another process took over the run's lease; this process stops working on the run. */
  | 'IMPORTER_ERR_LEASE_LOST'
  /** An exception the importer did not expect. */
  | 'IMPORTER_ERR_UNEXPECTED';

/** Codes whose operation may succeed when tried again later without a change by a person. */
const RETRYABLE_CODES: ReadonlySet<ImporterErrorCode> = new Set([
  'IMPORTER_ERR_HUBSPOT_UNAVAILABLE',
  'IMPORTER_ERR_UNEXPECTED',
]);

/** Error created by the importer. Its message names what failed and what to do next. */
export class ImporterError extends Error {
  override readonly name = 'ImporterError';
  readonly code: ImporterErrorCode;

  constructor(code: ImporterErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }

  /** True when trying the same operation again later may succeed. */
  get retryable(): boolean {
    return RETRYABLE_CODES.has(this.code);
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message };
  }
}

export function isImporterError(value: unknown): value is ImporterError {
  return value instanceof ImporterError;
}
