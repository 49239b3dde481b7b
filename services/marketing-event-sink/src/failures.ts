import { SinkError } from './errors.js';
import type { FailureKind } from './ports.js';

/** The fields of the gateway's `HubSpotError` that decide how the sink reacts. */
export interface ClassifiedFailure extends Error {
  kind: FailureKind;
  code: string;
  retryAfterMs?: number | undefined;
  requiredScopes?: string[] | undefined;
  resetsAt?: Date | undefined;
}

const KINDS: ReadonlySet<unknown> = new Set<FailureKind>(['retriable', 'connection', 'permanent']);

/** Returns whether `error` carries a HubSpot failure kind, as every gateway error does. */
export function isClassifiedFailure(error: unknown): error is ClassifiedFailure {
  return (
    error instanceof Error &&
    KINDS.has((error as { kind?: unknown }).kind) &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}

/**
 * Returns how to react to a failure. Errors the gateway classified keep their kind. Anything else
 * (a bug, an unexpected exception) is retried, because a record must never be dropped and the
 * retry tiers end in the dead-letter topic anyway.
 */
export function failureKind(error: unknown): FailureKind {
  return isClassifiedFailure(error) ? error.kind : 'retriable';
}

/** Returns the wait that the error requests before the next attempt, in milliseconds. */
export function retryAfterMsOf(error: unknown): number | undefined {
  return isClassifiedFailure(error) ? error.retryAfterMs : undefined;
}

/** Wraps a thrown value that is not an `Error` so that outcomes always carry an `Error`. */
export function asError(thrown: unknown): Error {
  if (thrown instanceof Error) {
    return thrown;
  }
  return new SinkError('MARKETING_SINK_ERR_UNEXPECTED', `Unexpected failure: ${String(thrown)}`, {
    cause: thrown,
  });
}

/**
 * HubSpot rejection as a dead-letter record carries it: the gateway's code and message, and as
 * `details` every field of the HubSpot error. The details include the request line with its query
 * string and the parsed response body, so a person can see what was sent and what HubSpot returned.
 */
export class HubSpotRejection extends Error {
  override readonly name = 'HubSpotRejection';
  readonly code: string;
  readonly details: unknown;

  constructor(failure: ClassifiedFailure) {
    super(failure.message, { cause: failure });
    this.code = failure.code;
    const toJSON = (failure as { toJSON?: () => unknown }).toJSON;
    this.details =
      typeof toJSON === 'function' ? toJSON.call(failure) : { code: failure.code, message: failure.message };
  }
}
