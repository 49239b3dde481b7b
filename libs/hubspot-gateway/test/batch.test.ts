import { describe, expect, it } from 'vitest';

import { mapBatchOutcomes, type TracedInput } from '../src/batch-outcomes.js';
import { chunk, runBatch } from '../src/batch.js';
import { HubSpotError } from '../src/errors.js';

interface Upsert {
  email: string;
}
interface Result {
  id: string;
  email?: string;
  objectWriteTraceId?: string;
}

const mapping = {
  inputKeys: (input: Upsert) => [input.email.toLowerCase()],
  resultKeys: (result: Result) => (result.email ? [result.email] : []),
  resultTraceId: (result: Result) => result.objectWriteTraceId,
};
const context = { operation: 'contacts.batch.upsert', portalId: 1 };

function traced(...emails: string[]): TracedInput<Upsert>[] {
  return emails.map((email, index) => ({ input: { email }, traceId: `trace-${index}` }));
}

describe('chunk', () => {
  it('chunk splits at the batch maximum', () => {
    const items = Array.from({ length: 250 }, (_, index) => index);

    expect(chunk(items, 100).map((part) => part.length)).toEqual([100, 100, 50]);
    expect(chunk(items, 100).flat()).toEqual(items);
  });

  it('chunk returns nothing for no items', () => {
    expect(chunk([], 100)).toEqual([]);
  });

  it('chunk rejects a size below one', () => {
    expect(() => chunk([1], 0)).toThrow(RangeError);
  });
});

describe('mapBatchOutcomes', () => {
  it('batch mapping reads a 207 error by context ids', () => {
    const outcomes = mapBatchOutcomes(
      traced('a@example.test', 'b@example.test', 'c@example.test'),
      {
        results: [
          { id: '1', email: 'a@example.test' },
          { id: '2', email: 'b@example.test' },
        ],
        numErrors: 1,
        errors: [
          {
            status: 'error',
            category: 'VALIDATION_ERROR',
            message: 'Property values were not valid',
            context: { ids: ['c@example.test'] },
          },
        ],
      },
      mapping,
      context,
    );

    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true, false]);
    expect(outcomes[2]).toMatchObject({ ok: false, error: { code: 'HUBSPOT_VALIDATION_FAILED' } });
  });

  it('batch mapping matches errors by trace id', () => {
    const outcomes = mapBatchOutcomes(
      traced('a@example.test', 'b@example.test'),
      {
        results: [{ id: '1', objectWriteTraceId: 'trace-0' }],
        errors: [{ category: 'CONFLICT', message: 'conflict', context: { objectWriteTraceId: ['trace-1'] } }],
      },
      mapping,
      context,
    );

    expect(outcomes[0]).toMatchObject({ ok: true, result: { id: '1' } });
    expect(outcomes[1]).toMatchObject({ ok: false, error: { code: 'HUBSPOT_CONFLICT' } });
  });

  it('batch mapping matches errors by a mentioned key', () => {
    const outcomes = mapBatchOutcomes(
      [
        { input: { email: '12' }, traceId: 't1' },
        { input: { email: '123' }, traceId: 't2' },
      ],
      {
        results: [{ id: 'x', email: '12' }],
        errors: [{ category: 'OBJECT_NOT_FOUND', message: 'Object 123 not found.' }],
      },
      mapping,
      context,
    );

    expect(outcomes[0]?.ok).toBe(true);
    expect(outcomes[1]).toMatchObject({ ok: false, error: { code: 'HUBSPOT_NOT_FOUND' } });
  });

  it('batch mapping fails an input without result or error', () => {
    const outcomes = mapBatchOutcomes(
      traced('a@example.test', 'b@example.test'),
      { results: [{ id: '1', email: 'a@example.test' }], errors: [] },
      mapping,
      context,
    );

    expect(outcomes[1]).toMatchObject({
      ok: false,
      error: {
        code: 'HUBSPOT_RESULT_MISSING',
        message: expect.stringContaining('returned no result for this input'),
      },
    });
  });

  it('batch mapping reads errors on a 200 reply too', () => {
    const outcomes = mapBatchOutcomes(
      traced('a@example.test'),
      {
        results: [],
        errors: [{ category: 'VALIDATION_ERROR', message: 'bad', context: { ids: ['A@example.test'] } }],
      },
      mapping,
      context,
    );

    expect(outcomes[0]).toMatchObject({ ok: false, error: { code: 'HUBSPOT_VALIDATION_FAILED' } });
  });

  it('batch mapping assigns a lone unmatched error to the lone missing input', () => {
    const outcomes = mapBatchOutcomes(
      traced('a@example.test', 'b@example.test'),
      {
        results: [{ id: '1', email: 'a@example.test' }],
        errors: [{ category: 'VALIDATION_ERROR', message: 'something about an input' }],
      },
      mapping,
      context,
    );

    expect(outcomes[1]).toMatchObject({ ok: false, error: { code: 'HUBSPOT_VALIDATION_FAILED' } });
  });

  it('batch mapping matches by position only when asked', () => {
    const reply = { results: [{ id: '1' }, { id: '2' }], errors: [] };
    const positional = mapBatchOutcomes(traced('a', 'b'), reply, { ...mapping, positional: true }, context);
    const keyed = mapBatchOutcomes(traced('a', 'b'), reply, mapping, context);

    expect(positional.map((outcome) => outcome.ok)).toEqual([true, true]);
    expect(keyed.map((outcome) => outcome.ok)).toEqual([false, false]);
  });
});

describe('runBatch', () => {
  const invalidEmail = 'bad@example.invalid-tld';

  /** Rejects the whole request with 400 while it contains the invalid email, like HubSpot's upsert. */
  async function strictUpsert(part: TracedInput<Upsert>[], naming: 'message' | 'nothing') {
    if (part.some(({ input }) => input.email === invalidEmail)) {
      throw new HubSpotError({
        code: 'HUBSPOT_VALIDATION_FAILED',
        message: 'HubSpot rejected the request as invalid',
        status: 400,
        responseBody: {
          status: 'error',
          category: 'VALIDATION_ERROR',
          message:
            naming === 'message'
              ? `Email address ${invalidEmail} is invalid`
              : 'Property values were not valid',
        },
      });
    }
    return {
      results: part.map(({ input }, index) => ({ id: String(index), email: input.email })),
      errors: [],
    };
  }

  function emails(count: number): Upsert[] {
    return Array.from({ length: count }, (_, index) => ({ email: `attendee${index}@example.test` }));
  }

  it('batch runner splits inputs to the maximum size', async () => {
    const sizes: number[] = [];
    const outcomes = await runBatch({
      inputs: emails(250),
      maxBatchSize: 100,
      mapping,
      context,
      send: async (part) => {
        sizes.push(part.length);
        return strictUpsert(part, 'nothing');
      },
    });

    expect(sizes).toEqual([100, 100, 50]);
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
  });

  it('batch runner removes an input the 400 names and resends the rest', async () => {
    const inputs = emails(99);
    inputs.splice(40, 0, { email: invalidEmail });
    let calls = 0;
    const outcomes = await runBatch({
      inputs,
      maxBatchSize: 100,
      mapping,
      context,
      send: async (part) => {
        calls += 1;
        return strictUpsert(part, 'message');
      },
    });

    expect(calls).toBe(2);
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(99);
    expect(outcomes[40]).toMatchObject({ ok: false, input: { email: invalidEmail } });
  });

  it('batch runner bisects a 400 that names no input', async () => {
    const inputs = emails(99);
    inputs.splice(70, 0, { email: invalidEmail });
    let calls = 0;
    const outcomes = await runBatch({
      inputs,
      maxBatchSize: 100,
      mapping,
      context,
      send: async (part) => {
        calls += 1;
        return strictUpsert(part, 'nothing');
      },
    });

    expect(outcomes.map((outcome) => outcome.input)).toEqual(inputs);
    expect(outcomes.filter((outcome) => !outcome.ok).map((outcome) => outcome.input.email)).toEqual([
      invalidEmail,
    ]);
    expect(calls).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(100)) + 1);
  });

  it('batch runner fails the whole chunk on a retriable error', async () => {
    const error = new HubSpotError({ code: 'HUBSPOT_SERVER_ERROR', message: '503', status: 503 });
    const outcomes = await runBatch({
      inputs: emails(3),
      maxBatchSize: 100,
      mapping,
      context,
      send: async () => {
        throw error;
      },
    });

    expect(outcomes.every((outcome) => !outcome.ok && outcome.error === error)).toBe(true);
  });

  it('batch runner keeps trace ids stable across splits', async () => {
    const seen = new Map<string, Set<string>>();
    await runBatch({
      inputs: [...emails(3), { email: invalidEmail }],
      maxBatchSize: 100,
      mapping,
      context,
      send: async (part) => {
        for (const { input, traceId } of part) {
          seen.set(input.email, (seen.get(input.email) ?? new Set()).add(traceId));
        }
        return strictUpsert(part, 'nothing');
      },
    });

    expect([...seen.values()].every((ids) => ids.size === 1)).toBe(true);
  });
});
