/** Text that replaces a redacted value in log lines. */
export const REDACTED = '[redacted]';

/**
 * pino redaction paths for tokens, secrets and authorization headers. `*` matches exactly one
 * level, so each field is listed at the top level and one level down. A secret nested deeper, under
 * keys not listed here, is not redacted. Pass these paths to fastify's logger option too.
 */
export const REDACT_PATHS: readonly string[] = Object.freeze([
  'accessToken',
  '*.accessToken',
  'token',
  '*.token',
  'tokenKey',
  '*.tokenKey',
  'apiKey',
  '*.apiKey',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'mongoUri',
  '*.mongoUri',
  'MONGODB_URI',
  '*.MONGODB_URI',
]);

const CONNECTION_STRING_FIELDS = new Set(['mongoUri', 'MONGODB_URI']);
const URI_CREDENTIALS = /^([a-z][a-z0-9+.-]*:\/\/)[^@/?#\s]*@/i;

/** Replaces the `user:password@` part of a connection string with `[redacted]@`. */
export function maskConnectionString(uri: string): string {
  return uri.replace(URI_CREDENTIALS, `$1${REDACTED}@`);
}

/**
 * pino `censor` function: connection strings keep their host and database with the credentials
 * masked, every other redacted value becomes `[redacted]`.
 */
export function censorValue(value: unknown, path: string[]): unknown {
  const field = path.at(-1);
  if (field !== undefined && CONNECTION_STRING_FIELDS.has(field) && typeof value === 'string') {
    return maskConnectionString(value);
  }
  return REDACTED;
}

/** `redact` option for pino and for fastify's `logger` option. */
export const redactOptions = Object.freeze({ paths: [...REDACT_PATHS], censor: censorValue });
