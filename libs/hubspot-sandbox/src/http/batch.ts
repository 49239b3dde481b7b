import { HubSpotHttpError } from './hubspot-errors.js';

/** One failed input inside a batch response (`StandardError` in the SDK). */
export interface BatchItemError {
  status: 'error';
  category: string;
  message: string;
  context: Record<string, string[]>;
  errors: Array<Record<string, unknown>>;
  links: Record<string, string>;
}

/** Builds a per-input error for a batch response. */
export function batchItemError(
  category: string,
  message: string,
  context: Record<string, string[]> = {},
): BatchItemError {
  return { status: 'error', category, message, context, errors: [], links: {} };
}

/** Turns a whole-request error into the per-input form, adding `context` (e.g. the trace id). */
export function toBatchItemError(error: HubSpotHttpError, context: Record<string, string[]>): BatchItemError {
  const body = error.body;
  const ownContext = (body.context ?? {}) as Record<string, string[]>;
  return {
    status: 'error',
    category: body.category ?? 'VALIDATION_ERROR',
    message: body.message ?? error.message,
    context: { ...ownContext, ...context },
    errors: body.errors ?? [],
    links: {},
  };
}

/** Builds the error batch handlers report for an input named by a partial-failure fault. */
export function forcedItemError(inputKey: string, context: Record<string, string[]> = {}): BatchItemError {
  return batchItemError(
    'VALIDATION_ERROR',
    `Simulated failure for input ${inputKey} (sandbox partial-failure fault).`,
    context,
  );
}

/**
 * Builds a batch response body: `{ status, results, startedAt, completedAt }` plus `numErrors` and
 * `errors` when some inputs failed.
 */
export function batchResponse(
  results: unknown[],
  errors: BatchItemError[],
  startedAt: number,
  completedAt: number,
) {
  return {
    status: 'COMPLETE',
    results,
    ...(errors.length > 0 ? { numErrors: errors.length, errors } : {}),
    startedAt: new Date(startedAt).toISOString(),
    completedAt: new Date(completedAt).toISOString(),
  };
}

/** True when every input carries an `objectWriteTraceId` and no two share one. */
export function hasUniqueTraceIds(inputs: ReadonlyArray<{ objectWriteTraceId?: string }>): boolean {
  const traceIds = inputs.map((input) => input.objectWriteTraceId);
  if (traceIds.some((traceId) => traceId === undefined || traceId === '')) return false;
  return new Set(traceIds).size === traceIds.length;
}

export { HubSpotHttpError };
