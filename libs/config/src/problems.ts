import type { z } from 'zod';

const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD/i;
const URI_CREDENTIALS = /^([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*):[^@/?#\s]*@/i;
const MAX_PRINTED_LENGTH = 200;

/** Returns true when the variable's value must never be printed: its name contains KEY, TOKEN, SECRET or PASSWORD. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * Formats one zod issue as `NAME: expected ..., received "value"`. Secret values are masked, and
 * the password of a connection string is replaced by `****`.
 */
export function describeIssue(issue: z.core.$ZodIssue, env: Readonly<Record<string, unknown>>): string {
  const name = issue.path.length > 0 ? issue.path.map(String).join('.') : '(configuration)';
  const topLevel = issue.path[0];
  if (typeof topLevel !== 'string') return `${name}: ${issue.message}`;

  const value = env[topLevel];
  if (value === undefined) return `${name}: ${issue.message}, received nothing (the variable is not set)`;
  return `${name}: ${issue.message}, received ${describeValue(topLevel, value)}`;
}

function describeValue(name: string, value: unknown): string {
  if (isSecretName(name)) return '[masked]';
  if (typeof value !== 'string') return JSON.stringify(value) ?? String(value);

  const masked = value.replace(URI_CREDENTIALS, '$1:****@');
  const printed = masked.length > MAX_PRINTED_LENGTH ? `${masked.slice(0, MAX_PRINTED_LENGTH)}…` : masked;
  return JSON.stringify(printed);
}

/**
 * Error map for `safeParse`: rewrites zod's default messages for schemas without their own message
 * into the `expected ...` form, because `describeIssue` appends the received value itself.
 */
export function expectedOnlyMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'invalid_format':
      return `expected ${issue.format === 'regex' ? 'a value matching the required pattern' : `a valid ${issue.format}`}`;
    case 'too_small':
      return `expected ${issue.origin === 'string' ? 'a length' : 'a value'} ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}`;
    case 'too_big':
      return `expected ${issue.origin === 'string' ? 'a length' : 'a value'} ${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}`;
    default:
      return undefined;
  }
}
