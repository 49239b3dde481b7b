import { z } from 'zod';

/**
 * Field schemas for environment variables. Each one accepts the string an environment contains and
 * returns the typed value. Their error messages start with "expected", so `loadConfig` can print
 * `NAME: expected ..., received "..."`.
 *
 * To give a transforming field a default, use `.prefault(input)` (zod 4 parses the default like an
 * input) or `.default(output)` with the parsed value.
 */

const BROKERS_EXPECTED = 'expected host:port[,host:port...]';
const HOST_PORT = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$/;

/** Kafka bootstrap servers as `host:port` entries separated by commas. Returns the list of entries. */
export const kafkaBrokers = z.string({ error: BROKERS_EXPECTED }).transform((value, ctx) => {
  const brokers = value
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '');
  const valid = brokers.length > 0 && brokers.every((broker) => isValidPort(HOST_PORT.exec(broker)?.[1], 1));
  if (!valid) {
    ctx.addIssue({ code: 'custom', message: BROKERS_EXPECTED });
    return z.NEVER;
  }
  return brokers;
});

const MONGO_URI_EXPECTED = 'expected a mongodb:// or mongodb+srv:// connection string';

/** MongoDB connection string, `mongodb://` or `mongodb+srv://`. */
export const mongoUri = z
  .string({ error: MONGO_URI_EXPECTED })
  .regex(/^mongodb(?:\+srv)?:\/\/(?:[^\s@/?#]*@)?[^\s@/?#]+(?:[/?]\S*)?$/, { error: MONGO_URI_EXPECTED });

/** TCP port from 0 to 65535; 0 lets the operating system pick a free port. */
export const port = integerField({ min: 0, max: 65_535, expected: 'expected an integer from 0 to 65535' });

/** Integer of at least 1. */
export const positiveInt = integerField({
  min: 1,
  max: Number.MAX_SAFE_INTEGER,
  expected: 'expected an integer >= 1',
});

/** pino log levels, from most to least severe, plus `silent`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A pino log level. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** pino log level name. */
export const logLevel = z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` });

const DURATION_EXPECTED = 'expected a duration such as 250ms, 5s, 1m or 1h, or a number of milliseconds';
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** Duration as `250ms`, `5s`, `1m`, `1h` or a number of milliseconds. Returns whole milliseconds. */
export const durationMs = z
  .union([z.string(), z.number()], { error: DURATION_EXPECTED })
  .transform((value, ctx) => {
    const milliseconds = typeof value === 'number' ? value : parseDuration(value.trim());
    if (milliseconds === undefined || !Number.isFinite(milliseconds) || milliseconds < 0) {
      ctx.addIssue({ code: 'custom', message: DURATION_EXPECTED });
      return z.NEVER;
    }
    return Math.round(milliseconds);
  });

const BOOLEAN_EXPECTED = 'expected true, false, 1 or 0';
const BOOLEAN_VALUES: Readonly<Record<string, boolean>> = { true: true, false: false, '1': true, '0': false };

/** Boolean from `true`, `false`, `1` or `0` (any letter case). */
export const booleanFlag = z
  .union([z.string(), z.boolean()], { error: BOOLEAN_EXPECTED })
  .transform((value, ctx) => {
    if (typeof value === 'boolean') return value;
    const parsed = BOOLEAN_VALUES[value.trim().toLowerCase()];
    if (parsed === undefined) {
      ctx.addIssue({ code: 'custom', message: BOOLEAN_EXPECTED });
      return z.NEVER;
    }
    return parsed;
  });

/** HubSpot's public API origin, used when `HUBSPOT_BASE_PATH` is not set. */
export const DEFAULT_HUBSPOT_BASE_PATH = 'https://api.hubapi.com';

const BASE_PATH_EXPECTED = 'expected an http:// or https:// URL without query string or fragment';

/**
 * Base URL of the HubSpot API (or of the local HubSpot sandbox), returned without a trailing slash.
 * Defaults to `https://api.hubapi.com`.
 */
export const hubspotBasePath = z
  .string({ error: BASE_PATH_EXPECTED })
  .transform((value, ctx) => {
    const url = URL.canParse(value) ? new URL(value) : undefined;
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.search !== '' || url.hash !== '') {
      ctx.addIssue({ code: 'custom', message: BASE_PATH_EXPECTED });
      return z.NEVER;
    }
    return value.trim().replace(/\/+$/, '');
  })
  .default(DEFAULT_HUBSPOT_BASE_PATH);

function integerField(options: { min: number; max: number; expected: string }) {
  return z.union([z.string(), z.number()], { error: options.expected }).transform((value, ctx) => {
    const text = typeof value === 'number' ? String(value) : value.trim();
    const parsed = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(parsed) || parsed < options.min || parsed > options.max) {
      ctx.addIssue({ code: 'custom', message: options.expected });
      return z.NEVER;
    }
    return parsed;
  });
}

function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match) return undefined;
  const unit = (match[2] ?? 'ms') as keyof typeof UNIT_MS;
  return Number(match[1]) * UNIT_MS[unit];
}

function isValidPort(text: string | undefined, min: number): boolean {
  if (text === undefined) return false;
  const value = Number(text);
  return Number.isInteger(value) && value >= min && value <= 65_535;
}
