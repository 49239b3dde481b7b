import { describe, expect, it } from 'vitest';

import { maxInWindow, minimumSpanMs, percentile } from '../src/analysis/stats.js';

describe('percentile', () => {
  it('percentile returns a measured value by nearest rank', () => {
    const values = [5, 1, 4, 2, 3];
    expect(percentile(values, 50)).toBe(3);
    expect(percentile(values, 100)).toBe(5);
    expect(percentile(values, 1)).toBe(1);
  });

  it('percentile returns the max for p99 of fewer than 100 values', () => {
    const values = Array.from({ length: 50 }, (_, index) => index);
    expect(percentile(values, 99)).toBe(49);
  });

  it('percentile returns NaN for no values', () => {
    expect(percentile([], 99)).toBeNaN();
  });
});

describe('minimumSpanMs', () => {
  it('minimumSpanMs is zero when the calls fit in one window', () => {
    expect(minimumSpanMs(0, 190)).toBe(0);
    expect(minimumSpanMs(1, 190)).toBe(0);
    expect(minimumSpanMs(190, 190)).toBe(0);
  });

  it('minimumSpanMs adds one window per further full window of calls', () => {
    expect(minimumSpanMs(191, 190)).toBe(10_000);
    expect(minimumSpanMs(380, 190)).toBe(10_000);
    expect(minimumSpanMs(1_400, 190)).toBe(70_000);
  });
});

describe('maxInWindow', () => {
  it('maxInWindow counts calls less than a window apart', () => {
    expect(maxInWindow([0, 1_000, 9_999, 10_000, 10_500])).toBe(4);
  });

  it('maxInWindow ignores input order', () => {
    expect(maxInWindow([30_000, 0, 5_000, 29_000, 31_000])).toBe(3);
  });

  it('maxInWindow is zero without calls', () => {
    expect(maxInWindow([])).toBe(0);
  });
});
