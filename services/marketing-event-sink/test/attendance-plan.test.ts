import { describe, expect, it } from 'vitest';

import {
  newContactProperties,
  planAttendanceCalls,
  type AttendanceItem,
} from '../src/participation/attendance-plan.js';

function item(index: number, overrides: Partial<AttendanceItem<number>> = {}): AttendanceItem<number> {
  return {
    record: index,
    accountId: 'acc-1',
    eventId: 'evt-1',
    email: `p${index}@example.test`,
    state: 'register',
    interactionMs: 1_000 + index,
    contactProperties: {},
    ...overrides,
  };
}

describe('planAttendanceCalls', () => {
  it('groups by account, event and state', () => {
    const calls = planAttendanceCalls([
      item(0),
      item(1, { state: 'attend' }),
      item(2, { eventId: 'evt-2' }),
      item(3),
      item(4, { accountId: 'acc-2' }),
    ]);
    expect(
      calls.map((call) => [
        call.accountId,
        call.eventId,
        call.state,
        call.items.map((entry) => entry.record),
      ]),
    ).toEqual([
      ['acc-1', 'evt-1', 'register', [0, 3]],
      ['acc-1', 'evt-1', 'attend', [1]],
      ['acc-1', 'evt-2', 'register', [2]],
      ['acc-2', 'evt-1', 'register', [4]],
    ]);
  });

  it('cuts groups to 100 inputs per call', () => {
    const calls = planAttendanceCalls(Array.from({ length: 250 }, (_, index) => item(index)));
    expect(calls.map((call) => call.items.length)).toEqual([100, 100, 50]);
    expect(calls[2]!.items[0]!.record).toBe(200);
  });
});

describe('newContactProperties', () => {
  it('maps names and company and leaves out blanks', () => {
    expect(newContactProperties({ firstName: ' Ada ', lastName: 'Lovelace', company: '' })).toEqual({
      firstname: 'Ada',
      lastname: 'Lovelace',
    });
    expect(newContactProperties({})).toEqual({});
    expect(newContactProperties({ company: 'Analytical Engines Ltd' })).toEqual({
      company: 'Analytical Engines Ltd',
    });
  });
});
