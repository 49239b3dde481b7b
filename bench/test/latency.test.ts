import { describe, expect, it } from 'vitest';

import { attendanceInputs } from '../src/analysis/hubspot-calls.js';
import { matchLatencies } from '../src/analysis/latency.js';
import type { RequestEntry } from '../src/harness/sandbox.js';

function attendanceCall(input: {
  eventId: string;
  receivedAt: number;
  inputs: Array<{ email: string; interactionDateTime: number }>;
  status?: number;
}): RequestEntry {
  return {
    receivedAt: input.receivedAt,
    method: 'POST',
    path: `/marketing/v3/marketing-events/attendance/${input.eventId}/register/email-create`,
    query: { externalAccountId: 'acc-1' },
    body: { inputs: input.inputs },
    status: input.status ?? 200,
    durationMs: 3,
  };
}

describe('attendanceInputs', () => {
  it('attendanceInputs reads event, lower-cased email and times from logged calls', () => {
    const inputs = attendanceInputs([
      attendanceCall({
        eventId: 'event-1',
        receivedAt: 500,
        inputs: [{ email: 'Ada@Example.test', interactionDateTime: 100 }],
      }),
    ]);
    expect(inputs).toEqual([
      { eventId: 'event-1', email: 'ada@example.test', interactionMs: 100, receivedAtMs: 500, status: 200 },
    ]);
  });

  it('attendanceInputs skips calls to other paths', () => {
    const upsert: RequestEntry = {
      receivedAt: 1,
      method: 'PUT',
      path: '/marketing/v3/marketing-events/events/event-1',
      query: {},
      body: { inputs: [{ email: 'a@example.test', interactionDateTime: 1 }] },
      status: 200,
      durationMs: 1,
    };
    expect(attendanceInputs([upsert])).toEqual([]);
  });
});

describe('matchLatencies', () => {
  const produced = { eventId: 'event-1', email: 'ada@example.test' };

  it('matchLatencies measures from sending to the first call that carries the record', () => {
    const inputs = attendanceInputs([
      attendanceCall({
        eventId: 'event-1',
        receivedAt: 1_400,
        inputs: [{ email: 'ada@example.test', interactionDateTime: 1_000 }],
      }),
    ]);
    const match = matchLatencies([{ ...produced, occurredAtMs: 1_000, producedAtMs: 1_000 }], inputs);
    expect(match.latenciesMs).toEqual([400]);
    expect(match.unmatched).toBe(0);
  });

  it('matchLatencies matches a superseded record to the call of the newer version', () => {
    const inputs = attendanceInputs([
      attendanceCall({
        eventId: 'event-1',
        receivedAt: 2_500,
        inputs: [{ email: 'ada@example.test', interactionDateTime: 2_000 }],
      }),
    ]);
    const match = matchLatencies(
      [
        { ...produced, occurredAtMs: 1_000, producedAtMs: 1_000 },
        { ...produced, occurredAtMs: 2_000, producedAtMs: 2_000 },
      ],
      inputs,
    );
    expect(match.latenciesMs).toEqual([1_500, 500]);
  });

  it('matchLatencies counts a record without a later call as unmatched', () => {
    const inputs = attendanceInputs([
      attendanceCall({
        eventId: 'event-1',
        receivedAt: 1_200,
        inputs: [{ email: 'ada@example.test', interactionDateTime: 1_000 }],
      }),
    ]);
    const duplicateSentLater = { ...produced, occurredAtMs: 3_000, producedAtMs: 3_000 };
    const match = matchLatencies([duplicateSentLater], inputs);
    expect(match.latenciesMs).toEqual([]);
    expect(match.unmatched).toBe(1);
  });

  it('matchLatencies ignores calls of other events', () => {
    const inputs = attendanceInputs([
      attendanceCall({
        eventId: 'event-2',
        receivedAt: 1_200,
        inputs: [{ email: 'ada@example.test', interactionDateTime: 1_000 }],
      }),
    ]);
    const match = matchLatencies([{ ...produced, occurredAtMs: 1_000, producedAtMs: 1_000 }], inputs);
    expect(match.unmatched).toBe(1);
  });
});
