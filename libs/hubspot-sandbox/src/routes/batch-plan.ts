import { forcedItemError, toBatchItemError, type BatchItemError } from '../http/batch.js';
import type { HubSpotHttpError } from '../http/hubspot-errors.js';

/** Planned outcome of one batch input: an error, a forced failure, or a write (`apply`). */
export type InputPlan<Result> =
  | { kind: 'apply'; apply: () => Result }
  | { kind: 'error'; error: HubSpotHttpError; context: Record<string, string[]> }
  | { kind: 'forced'; inputKey: string; context: Record<string, string[]> };

export interface BatchOutcome<Result> {
  results: Result[];
  errors: BatchItemError[];
}

/**
 * Runs planned batch inputs with HubSpot's all-or-nothing rule. Without unique
 * `objectWriteTraceId`s, the first real error is thrown and nothing is written. With them, failed
 * inputs become per-input errors and the rest are written (207). Inputs failed by a
 * partial-failure fault never fail the whole request.
 */
export function runBatch<Result>(
  plans: ReadonlyArray<InputPlan<Result>>,
  partialAllowed: boolean,
): BatchOutcome<Result> {
  if (!partialAllowed) {
    const firstError = plans.find((plan) => plan.kind === 'error');
    if (firstError !== undefined && firstError.kind === 'error') throw firstError.error;
  }
  const results: Result[] = [];
  const errors: BatchItemError[] = [];
  for (const plan of plans) {
    if (plan.kind === 'apply') results.push(plan.apply());
    else if (plan.kind === 'error') errors.push(toBatchItemError(plan.error, plan.context));
    else errors.push(forcedItemError(plan.inputKey, plan.context));
  }
  return { results, errors };
}

/** `context` for an input's error: its trace id when it has one. */
export function traceContext(objectWriteTraceId: string | undefined): Record<string, string[]> {
  return objectWriteTraceId === undefined ? {} : { objectWriteTraceId: [objectWriteTraceId] };
}
