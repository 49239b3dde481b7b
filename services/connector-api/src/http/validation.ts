import { expectationErrorMap, formatPath } from '@oniva-hubspot/contracts';
import type { FastifySchemaCompiler } from 'fastify';
import type { z } from 'zod';
import { safeParse, type $ZodIssue, type $ZodType } from 'zod/v4/core';

import type { FieldIssue } from '../errors.js';

/**
 * A failed check as Fastify stores it in `error.validation`. `field` is the location without the
 * request part (`features.customObjects`); the error handler prefixes `body.`, `query.` or `params.`.
 */
export interface RequestValidationIssue {
  keyword: string;
  instancePath: string;
  message: string;
  params: { field: string };
}

/**
 * Validator compiler for zod route schemas. It differs from `fastify-type-provider-zod`'s in two
 * ways: messages read "expected …", and they never contain the received value, because a body may
 * carry an access token and an error must not echo it.
 */
export const zodValidatorCompiler: FastifySchemaCompiler<$ZodType> =
  ({ schema }) =>
  (data) => {
    const result = safeParse(schema, data, { error: requestErrorMap });
    if (result.success) {
      return { value: result.data };
    }
    return { error: result.error.issues.map(toValidationIssue) as unknown as Error };
  };

// The error map receives the value, but the final issues do not, because zod drops `input` by
// default. It names the received type for type errors, never the value itself.
const requestErrorMap: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'unrecognized_keys') {
    const names = issue.keys.map((key) => JSON.stringify(key)).join(', ');
    return `unknown field ${names}; remove it, the API accepts only documented fields`;
  }
  // For a record key that fails its schema (a status name in the status mapping), zod puts the key
  // schema's message in the nested issues and gives the outer issue only "Invalid key in record".
  if (issue.code === 'invalid_key') {
    const reasons = issue.issues.map((nested) => nested.message).join('; ');
    return `invalid key: ${reasons || 'expected a valid key'}`;
  }
  const expected = expectationErrorMap(issue);
  const message = typeof expected === 'string' ? expected : (expected?.message ?? 'expected a valid value');
  if (issue.code !== 'invalid_type') {
    return message;
  }
  const received = describeType(issue.input);
  return received === undefined ? `${message}, but the field is missing` : `${message}, received ${received}`;
};

function toValidationIssue(issue: $ZodIssue): RequestValidationIssue {
  const field = issue.path.length === 0 ? '' : formatPath(issue.path);
  return {
    keyword: issue.code,
    instancePath: `/${issue.path.join('/')}`,
    message: issue.message,
    params: { field },
  };
}

function describeType(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Converts the issues of one request part into the `details.issues` entries of an API error. */
export function toFieldIssues(part: string, issues: readonly RequestValidationIssue[]): FieldIssue[] {
  return issues.map((issue) => ({
    field:
      issue.params.field === ''
        ? part
        : `${part}${issue.params.field.startsWith('[') ? '' : '.'}${issue.params.field}`,
    message: issue.message,
  }));
}

/** True when `value` is the array that `zodValidatorCompiler` returns for a failed check. */
export function isRequestValidationIssues(value: unknown): value is RequestValidationIssue[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((item) => typeof item === 'object' && item !== null && 'params' in item && 'message' in item)
  );
}

/** zod schema type accepted in route schemas. */
export type RouteSchema = z.ZodType;
