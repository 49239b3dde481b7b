import { describe, expect, it } from 'vitest';

import { addTally, emptyProgress, emptyTally } from '../src/run/counts.js';

describe('addTally', () => {
  it('adds counts and skipped reasons of a page', () => {
    const first = addTally(emptyProgress(), {
      ...emptyTally(),
      read: 3,
      created: 2,
      skipped: { 'invalid-email': 1 },
    });

    const second = addTally(first, {
      ...emptyTally(),
      read: 4,
      unchanged: 1,
      failed: 1,
      skipped: { 'invalid-email': 1, 'contact-deleted': 1 },
    });

    expect(second.counts).toEqual({ read: 7, created: 2, updated: 0, unchanged: 1, skipped: 3, failed: 1 });
    expect(second.skippedByReason).toEqual({ 'invalid-email': 2, 'contact-deleted': 1 });
  });

  it('leaves the previous progress unchanged', () => {
    const before = emptyProgress();

    addTally(before, { ...emptyTally(), read: 1, skipped: { 'missing-email': 1 } });

    expect(before).toEqual(emptyProgress());
  });
});
