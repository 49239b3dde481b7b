import type { z } from 'zod';

/** One failing field of a record, e.g. `{ path: 'contact.email', message: 'expected an email address, received "x"' }`. */
export interface FieldIssue {
  /** Dotted path of the field, with `[i]` for array items; `value` for the record itself. */
  path: string;
  /** Expectation and, where there was one, the received value. */
  message: string;
}

const EXPECTED_TYPES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  record: 'an object',
  null: 'null',
};

const EXPECTED_FORMATS: Record<string, string> = {
  email: 'an email address',
  url: 'a URL',
  datetime: 'an ISO-8601 date-time',
};

/**
 * Zod error map that phrases every issue as "expected …". Messages set on a schema take precedence,
 * so this map only fills in the issues that the schemas of this package leave to zod.
 */
export const expectationErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${EXPECTED_TYPES[issue.expected] ?? `a value of type ${issue.expected}`}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `expected ${quote(issue.values[0])}`
        : `expected one of ${issue.values.map(quote).join(', ')}`;
    case 'invalid_union':
      return Array.isArray(issue.options) && issue.options.length > 0
        ? `expected one of ${issue.options.map(quote).join(', ')}`
        : 'expected a value that matches one of the allowed shapes';
    case 'too_small':
      return describeBound('at least', issue.origin, issue.minimum, issue.inclusive);
    case 'too_big':
      return describeBound('at most', issue.origin, issue.maximum, issue.inclusive);
    case 'invalid_format':
      return issue.format === 'regex' && issue.pattern !== undefined
        ? `expected a string matching ${issue.pattern}`
        : `expected ${EXPECTED_FORMATS[issue.format] ?? `a string in ${issue.format} format`}`;
    case 'unrecognized_keys':
      return `expected no fields named ${issue.keys.map(quote).join(', ')}`;
    default:
      return 'expected a valid value';
  }
};

function describeBound(
  direction: 'at least' | 'at most',
  origin: string,
  bound: number | bigint,
  inclusive: boolean | undefined,
): string {
  if (origin === 'string') {
    return bound === 1 && direction === 'at least'
      ? 'expected a non-empty string'
      : `expected ${direction} ${bound} characters`;
  }
  if (origin === 'array' || origin === 'set') {
    return `expected ${direction} ${bound} items`;
  }
  const exclusive = inclusive === false;
  if (direction === 'at least') {
    return `expected a number ${exclusive ? '>' : '>='} ${bound}`;
  }
  return `expected a number ${exclusive ? '<' : '<='} ${bound}`;
}

/** Turns zod issues into one readable `FieldIssue` per failing field. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  return issues.map((issue) => ({
    path: formatPath(issue.path),
    message: `${issue.message}${describeReceived(issue)}`,
  }));
}

/** Joins issues into one line: `contact.email: expected an email address, received "x"; version: …`. */
export function joinIssues(issues: readonly FieldIssue[]): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
}

/** Formats a zod path as `contact.email`, `fieldMapping[1].onivaField` or `headers["x.y"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) {
    return 'value';
  }
  const segments = path.map((segment, index) => {
    if (typeof segment === 'number') {
      return `[${segment}]`;
    }
    if (typeof segment === 'string' && /^[A-Za-z_$][\w$-]*$/.test(segment)) {
      return index === 0 ? segment : `.${segment}`;
    }
    return `[${JSON.stringify(String(segment))}]`;
  });
  return segments.join('');
}

// A received object or array is named only for type errors. For other issues on an object, such
// as a cross-field check, the message itself carries the values.
function describeReceived(issue: z.core.$ZodIssue): string {
  const input = receivedValue(issue);
  if (input === undefined) {
    return issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union'
      ? ', received no value (the field is missing)'
      : '';
  }
  if (input === null || typeof input !== 'object') {
    return `, received ${describeValue(input)}`;
  }
  return issue.code === 'invalid_type' ? `, received ${Array.isArray(input) ? 'an array' : 'an object'}` : '';
}

// A discriminated union reports the whole object as input; the value that failed is its discriminator.
function receivedValue(issue: z.core.$ZodIssue): unknown {
  if (issue.code === 'invalid_union' && issue.discriminator !== undefined) {
    const input = issue.input;
    return input !== null && typeof input === 'object'
      ? (input as Record<string, unknown>)[issue.discriminator]
      : undefined;
  }
  return issue.input;
}

const MAX_RECEIVED_LENGTH = 80;

function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const truncated = value.length > MAX_RECEIVED_LENGTH ? `${value.slice(0, MAX_RECEIVED_LENGTH)}…` : value;
    return JSON.stringify(truncated);
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return String(value);
  }
  return typeof value === 'bigint' ? `${value}n` : String(value);
}

function quote(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
