import { classifyItemError } from './classify.js';
import { contextStrings, errorBodySchema, type ErrorBody } from './error-body.js';
import { HubSpotError, type RequestLine } from './errors.js';

/** Outcome of one input of a batch call. */
export type BatchOutcome<I, R> =
  { input: I; ok: true; result: R } | { input: I; ok: false; error: HubSpotError };

/** An input with the `objectWriteTraceId` the gateway generated for it. */
export interface TracedInput<I> {
  input: I;
  traceId: string;
}

/** The parts of a batch response that decide the outcomes; `errors` is read whatever the status. */
export interface BatchReply<R> {
  results: R[];
  errors: unknown[];
  numErrors?: number | undefined;
}

export interface OutcomeMapping<I, R> {
  /** Values that name the input in results and errors: record ids, lower-cased emails, external ids. */
  inputKeys: (input: I) => string[];
  /** Values that name the input a result belongs to; the trace id is matched separately. */
  resultKeys: (result: R) => string[];
  /** `objectWriteTraceId` echoed in a result, if the endpoint echoes it. */
  resultTraceId?: ((result: R) => string | undefined) | undefined;
  /**
   * Match results to inputs by position when no result carries a key. Only for endpoints whose
   * results name no input at all, and only when every input got a result.
   */
  positional?: boolean | undefined;
}

export interface MappingContext {
  operation: string;
  portalId?: number | undefined;
  request?: RequestLine | undefined;
}

/** Context keys whose values identify inputs in batch errors. */
const IDENTIFYING_CONTEXT_KEYS = [
  'ids',
  'id',
  'emails',
  'email',
  'externalEventIds',
  'externalEventId',
  'vids',
];

/**
 * Maps a batch reply to one outcome per input, in input order. Each error is matched by
 * `context.objectWriteTraceId`, then by identifying context values (`ids`, `emails`, ...), then by
 * a message that mentions an input key. An input with neither a result nor an error fails with
 * HUBSPOT_RESULT_MISSING.
 */
export function mapBatchOutcomes<I, R>(
  traced: TracedInput<I>[],
  reply: BatchReply<R>,
  mapping: OutcomeMapping<I, R>,
  context: MappingContext,
): BatchOutcome<I, R>[] {
  const errors = new Map<number, HubSpotError>();
  const results = new Map<number, R>();
  const unmatchedErrors: ErrorBody[] = [];

  for (const raw of reply.errors) {
    const parsed = errorBodySchema.safeParse(raw);
    const item = parsed.success ? parsed.data : {};
    const indexes = inputsNamedBy(item, traced, mapping);
    if (indexes.length === 0) {
      unmatchedErrors.push(item);
      continue;
    }
    for (const index of indexes) {
      errors.set(index, classifyItemError(item, context));
    }
  }

  const unkeyedResults: R[] = [];
  for (const result of reply.results) {
    const index = inputOfResult(result, traced, mapping);
    if (index === undefined) {
      unkeyedResults.push(result);
    } else {
      results.set(index, result);
    }
  }

  if (
    mapping.positional &&
    results.size === 0 &&
    reply.results.length === traced.length &&
    errors.size === 0
  ) {
    reply.results.forEach((result, index) => results.set(index, result));
  }

  const missing = traced
    .map((_, index) => index)
    .filter((index) => !errors.has(index) && !results.has(index));
  if (missing.length === 1 && unmatchedErrors.length === 1) {
    errors.set(missing[0] as number, classifyItemError(unmatchedErrors[0] as ErrorBody, context));
  }

  return traced.map(({ input }, index) => {
    const error = errors.get(index);
    if (error !== undefined) {
      return { input, ok: false, error };
    }
    const result = results.get(index);
    if (result !== undefined) {
      return { input, ok: true, result };
    }
    return { input, ok: false, error: missingResultError(context, reply, unmatchedErrors) };
  });
}

function inputsNamedBy<I, R>(
  item: ErrorBody,
  traced: TracedInput<I>[],
  mapping: OutcomeMapping<I, R>,
): number[] {
  const traceIds = [
    ...contextStrings(item.context, 'objectWriteTraceId'),
    ...(item.errors ?? []).flatMap((detail) => contextStrings(detail.context, 'objectWriteTraceId')),
  ];
  const byTrace = traced.flatMap((entry, index) => (traceIds.includes(entry.traceId) ? [index] : []));
  if (byTrace.length > 0) {
    return byTrace;
  }

  const values = new Set(
    IDENTIFYING_CONTEXT_KEYS.flatMap((key) => contextStrings(item.context, key)).map((value) =>
      value.toLowerCase(),
    ),
  );
  const byContext = traced.flatMap((entry, index) =>
    mapping.inputKeys(entry.input).some((key) => values.has(key.toLowerCase())) ? [index] : [],
  );
  if (byContext.length > 0) {
    return byContext;
  }

  return inputsMentionedIn(item.message ?? '', traced, mapping);
}

/** Inputs whose key appears in `message` as a whole token (so id 12 does not match 123). */
export function inputsMentionedIn<I, R>(
  message: string,
  traced: TracedInput<I>[],
  mapping: Pick<OutcomeMapping<I, R>, 'inputKeys'>,
): number[] {
  const text = message.toLowerCase();
  if (text === '') {
    return [];
  }
  return traced.flatMap((entry, index) =>
    mapping.inputKeys(entry.input).some((key) => mentions(text, key.toLowerCase())) ? [index] : [],
  );
}

function mentions(text: string, key: string): boolean {
  if (key === '') {
    return false;
  }
  // The key must not continue an id, email or word on either side; a sentence's final dot may follow.
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w@.+-])${escaped}(?![\\w@+-]|\\.\\w)`).test(text);
}

function inputOfResult<I, R>(
  result: R,
  traced: TracedInput<I>[],
  mapping: OutcomeMapping<I, R>,
): number | undefined {
  const traceId = mapping.resultTraceId?.(result);
  if (traceId !== undefined) {
    const index = traced.findIndex((entry) => entry.traceId === traceId);
    if (index !== -1) {
      return index;
    }
  }

  const keys = new Set(mapping.resultKeys(result).map((key) => key.toLowerCase()));
  if (keys.size === 0) {
    return undefined;
  }
  const index = traced.findIndex((entry) =>
    mapping.inputKeys(entry.input).some((key) => keys.has(key.toLowerCase())),
  );
  return index === -1 ? undefined : index;
}

function missingResultError<R>(
  context: MappingContext,
  reply: BatchReply<R>,
  unmatched: ErrorBody[],
): HubSpotError {
  return new HubSpotError({
    code: 'HUBSPOT_RESULT_MISSING',
    message: `HubSpot returned no result for this input of ${context.operation}`,
    operation: context.operation,
    portalId: context.portalId,
    request: context.request,
    responseBody: { numErrors: reply.numErrors, unmatchedErrors: unmatched },
  });
}
