import type { BatchReply, MappingContext } from '../batch-outcomes.js';
import type { CallResult } from '../connection.js';
import { parseBody } from '../error-body.js';

/**
 * Builds a batch reply from a call result. Errors come from the raw body, because the SDK's
 * deserialiser drops context fields it does not model; the SDK's parsed errors are the fallback.
 */
export function batchReplyOf<R>(
  call: CallResult<{ results: R[]; numErrors?: number | undefined; errors?: unknown[] | undefined }>,
  context: Partial<MappingContext> = {},
): BatchReply<R> & { context: Partial<MappingContext> } {
  const raw = parseBody(call.response?.bodyText).value as { errors?: unknown } | undefined;
  const errors = Array.isArray(raw?.errors) ? raw.errors : (call.data.errors ?? []);
  return {
    results: call.data.results,
    errors,
    numErrors: call.data.numErrors,
    context,
  };
}

/** Raw JSON `results` of a batch response, for results whose keys the SDK model drops. */
export function rawResultsOf(call: CallResult<unknown>): Record<string, unknown>[] {
  const raw = parseBody(call.response?.bodyText).value as { results?: unknown } | undefined;
  return Array.isArray(raw?.results) ? (raw.results as Record<string, unknown>[]) : [];
}
