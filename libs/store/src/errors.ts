/**
 * Codes of every error this package throws:
 * - `STORE_ERR_DATABASE_UNAVAILABLE`: the database could not be reached; retry later.
 * - `STORE_ERR_TOKEN_KEY_UNKNOWN`: a token was sealed with a key id missing from the configured keys.
 * - `STORE_ERR_TOKEN_DECRYPT_FAILED`: the key or the stored ciphertext, IV or tag is wrong.
 * - `STORE_ERR_INVALID_TOKEN_KEYS`: the key set passed to `createTokenCipher` is unusable.
 * - `STORE_ERR_LEASE_LOST`: another process took over the import run's lease.
 * - `STORE_ERR_IMPORT_CANCELLED`: cancellation of the import run was requested; stop and record it.
 */
export type StoreErrorCode =
  | 'STORE_ERR_DATABASE_UNAVAILABLE'
  | 'STORE_ERR_TOKEN_KEY_UNKNOWN'
  | 'STORE_ERR_TOKEN_DECRYPT_FAILED'
  | 'STORE_ERR_INVALID_TOKEN_KEYS'
  | 'STORE_ERR_LEASE_LOST'
  | 'STORE_ERR_IMPORT_CANCELLED';

const RETRYABLE_CODES: ReadonlySet<StoreErrorCode> = new Set(['STORE_ERR_DATABASE_UNAVAILABLE']);

/** Error thrown by this package. Messages name key ids and document ids, never a token. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;
  /** True when the same call may succeed later without a change of configuration. */
  readonly retryable: boolean;

  constructor(code: StoreErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.retryable = RETRYABLE_CODES.has(code);
  }
}

/** Server error codes of a unique index violation: 11000 (insert, update), 11001 (old servers' updates). */
const DUPLICATE_KEY_CODES = new Set([11000, 11001]);

/** Returns true when `error` is a unique index violation (E11000), including inside a bulk write error. */
export function isDuplicateKeyError(error: unknown): boolean {
  if (!isObject(error)) return false;
  if (typeof error.code === 'number' && DUPLICATE_KEY_CODES.has(error.code)) return true;

  // MongoBulkWriteError carries the per-operation failures in `writeErrors`.
  const writeErrors = error.writeErrors;
  if (Array.isArray(writeErrors) && writeErrors.length > 0) {
    return writeErrors.every(
      (writeError: unknown) => isObject(writeError) && DUPLICATE_KEY_CODES.has(Number(writeError.code)),
    );
  }
  return false;
}

// Error names of the MongoDB Node.js driver 6.x and mongoose 8.x for a server that cannot be
// reached or a connection that broke mid-operation.
const UNAVAILABLE_ERROR_NAMES = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoPoolClearedError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoServerClosedError',
]);

// With `bufferCommands: false`, mongoose rejects a call on a connection that is not open with a
// plain MongooseError whose message states this.
const NOT_CONNECTED_MESSAGE =
  /before initial connection is complete|Connection was force closed|Client must be connected/i;

/**
 * Returns true when `error` (or one of its causes) means the database cannot be reached: server
 * selection failed, the network broke, or the connection is closed. Consumers pause on these and
 * retry, instead of dead-lettering the record.
 */
export function isDatabaseUnavailableError(error: unknown): boolean {
  for (
    let current: unknown = error, depth = 0;
    isObject(current) && depth < 5;
    current = current.cause, depth += 1
  ) {
    if (current instanceof StoreError) return current.code === 'STORE_ERR_DATABASE_UNAVAILABLE';
    if (typeof current.name === 'string' && UNAVAILABLE_ERROR_NAMES.has(current.name)) return true;
    if (typeof current.message === 'string' && NOT_CONNECTED_MESSAGE.test(current.message)) return true;
    if (typeof current.hasErrorLabel === 'function' && current.hasErrorLabel('ResetPool') === true)
      return true;
  }
  return false;
}

function isObject(value: unknown): value is Record<string, unknown> & { hasErrorLabel?: unknown } {
  return typeof value === 'object' && value !== null;
}
