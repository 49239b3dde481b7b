import { randomUUID } from 'node:crypto';

import {
  inputsMentionedIn,
  mapBatchOutcomes,
  type BatchOutcome,
  type BatchReply,
  type MappingContext,
  type OutcomeMapping,
  type TracedInput,
} from './batch-outcomes.js';
import { contextStrings, errorBodySchema } from './error-body.js';
import { HubSpotError } from './errors.js';

/** Maximum inputs per request of each batch endpoint the gateway uses. */
export const BATCH_LIMITS = {
  /** Contacts batch read, create, update and upsert. */
  contacts: 100,
  /** Custom object records batch create, read and upsert. */
  customObjectRecords: 100,
  /**
   * Marketing event attendance create and email-create. HubSpot documents no size.
   * NOTE: 100 is the assumed limit, which the sandbox also enforces.
   */
  attendance: 100,
  /** Marketing events batch upsert. NOTE: undocumented by HubSpot; 100 is an assumption. */
  marketingEventUpsert: 100,
  /** v4 association batch create; HubSpot accepts up to 2,000, 100 keeps requests small. */
  associations: 100,
} as const;

/** Splits `items` into chunks of at most `size` items, keeping their order. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  }
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}

export interface BatchRun<I, R> {
  inputs: readonly I[];
  maxBatchSize: number;
  /** Sends one chunk; `traceId` is stable per input across splits and may be sent as `objectWriteTraceId`. */
  send: (chunk: TracedInput<I>[]) => Promise<BatchReply<R> & { context?: Partial<MappingContext> }>;
  mapping: OutcomeMapping<I, R>;
  context: MappingContext;
}

/**
 * Runs a batch operation over any number of inputs and returns one outcome per input, in input
 * order. Inputs are split to `maxBatchSize`. HubSpot may reject a whole request with 400 or 409
 * because of some inputs. Then the inputs the error names fail and the rest are sent again. If the
 * error names none, the chunk is bisected until the failing inputs are isolated. Any other error
 * (retriable or connection level) fails every input of that chunk with the same error.
 */
export async function runBatch<I, R>(run: BatchRun<I, R>): Promise<BatchOutcome<I, R>[]> {
  const traced = run.inputs.map((input) => ({ input, traceId: randomUUID() }));
  const outcomes = await Promise.all(chunk(traced, run.maxBatchSize).map((part) => sendChunk(run, part)));
  return outcomes.flat();
}

async function sendChunk<I, R>(run: BatchRun<I, R>, part: TracedInput<I>[]): Promise<BatchOutcome<I, R>[]> {
  if (part.length === 0) {
    return [];
  }

  let reply: Awaited<ReturnType<BatchRun<I, R>['send']>>;
  try {
    reply = await run.send(part);
  } catch (error) {
    if (!(error instanceof HubSpotError)) {
      throw error;
    }
    return rejectOrSplit(run, part, error);
  }
  return mapBatchOutcomes(part, reply, run.mapping, { ...run.context, ...reply.context });
}

async function rejectOrSplit<I, R>(
  run: BatchRun<I, R>,
  part: TracedInput<I>[],
  error: HubSpotError,
): Promise<BatchOutcome<I, R>[]> {
  const wholeBatchRejected = error.code === 'HUBSPOT_VALIDATION_FAILED' || error.code === 'HUBSPOT_CONFLICT';
  if (!wholeBatchRejected || part.length === 1) {
    return part.map(({ input }) => ({ input, ok: false, error }));
  }

  const named = new Set(inputsNamedByRejection(error, part, run.mapping));
  if (named.size > 0 && named.size < part.length) {
    const rest = part.filter((_, index) => !named.has(index));
    const retried = (await sendChunk(run, rest)).values();
    // `sendChunk` returns outcomes in the order of its inputs, so the rest fill the gaps in order.
    return part.map(({ input }, index) =>
      named.has(index) ? { input, ok: false, error } : (retried.next().value as BatchOutcome<I, R>),
    );
  }

  const middle = Math.ceil(part.length / 2);
  const [left, right] = await Promise.all([
    sendChunk(run, part.slice(0, middle)),
    sendChunk(run, part.slice(middle)),
  ]);
  return [...left, ...right];
}

/** Inputs that a whole-request rejection names by trace id, context ids or in its message. */
function inputsNamedByRejection<I, R>(
  error: HubSpotError,
  part: TracedInput<I>[],
  mapping: OutcomeMapping<I, R>,
): number[] {
  const parsed = errorBodySchema.safeParse(error.responseBody);
  if (!parsed.success) {
    return [];
  }
  const body = parsed.data;
  const contexts = [body.context, ...(body.errors ?? []).map((detail) => detail.context)];
  const traceIds = contexts.flatMap((context) => contextStrings(context, 'objectWriteTraceId'));
  const ids = contexts
    .flatMap((context) => [...contextStrings(context, 'ids'), ...contextStrings(context, 'emails')])
    .map((value) => value.toLowerCase());

  const byContext = part.flatMap((entry, index) =>
    traceIds.includes(entry.traceId) ||
    mapping.inputKeys(entry.input).some((key) => ids.includes(key.toLowerCase()))
      ? [index]
      : [],
  );
  if (byContext.length > 0) {
    return byContext;
  }
  const messages = [body.message ?? '', ...(body.errors ?? []).map((detail) => detail.message ?? '')].join(
    '\n',
  );
  return inputsMentionedIn(messages, part, mapping);
}
