import type { z } from 'zod';

import { ContractsError } from './errors.js';
import { expectationErrorMap, formatIssues, joinIssues } from './issues.js';

/**
 * Validates `record` with `schema` and serializes it as UTF-8 JSON for a Kafka record value.
 * Producers call it so that no invalid record reaches a topic. Throws a non-retryable
 * `ContractsError` (`CONTRACTS_ERR_INVALID_RECORD`) that names each failing field.
 */
export function encodeRecord<S extends z.ZodType>(schema: S, record: z.input<S>): Buffer {
  const result = schema.safeParse(record, { reportInput: true, error: expectationErrorMap });
  if (!result.success) {
    const issues = formatIssues(result.error.issues);
    throw new ContractsError('CONTRACTS_ERR_INVALID_RECORD', `Invalid record: ${joinIssues(issues)}.`, {
      issues,
      cause: result.error,
    });
  }
  return Buffer.from(JSON.stringify(result.data), 'utf8');
}
