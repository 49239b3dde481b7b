import { describe, expect, it } from 'vitest';

import { interactionTimeMs, isNewer, isStale, keepNewestPerKey } from '../src/participation/versions.js';

describe('participant versions', () => {
  it('orders by version, then by occurrence time', () => {
    expect(isNewer({ version: 2, occurredAtMs: 1 }, { version: 1, occurredAtMs: 5 })).toBe(true);
    expect(isNewer({ version: 1, occurredAtMs: 5 }, { version: 2, occurredAtMs: 1 })).toBe(false);
    expect(isNewer({ version: 2, occurredAtMs: 6 }, { version: 2, occurredAtMs: 5 })).toBe(true);
    expect(isNewer({ version: 2, occurredAtMs: 5 }, { version: 2, occurredAtMs: 5 })).toBe(false);
  });

  it('treats versions at or below the ledger as stale', () => {
    const applied = { version: 3, occurredAtMs: 1_000 };
    expect(isStale({ version: 3, occurredAtMs: 1_000 }, applied)).toBe(true);
    expect(isStale({ version: 2, occurredAtMs: 2_000 }, applied)).toBe(true);
    expect(isStale({ version: 4, occurredAtMs: 500 }, applied)).toBe(false);
    expect(isStale({ version: 0, occurredAtMs: 0 }, undefined)).toBe(false);
  });

  it('sends occurredAt as the interaction time', () => {
    expect(interactionTimeMs({ version: 2, occurredAtMs: 2_000 }, { version: 1, occurredAtMs: 1_000 })).toBe(
      2_000,
    );
    expect(interactionTimeMs({ version: 1, occurredAtMs: 1_000 }, undefined)).toBe(1_000);
  });

  it('moves a tied interaction time past the applied one', () => {
    expect(interactionTimeMs({ version: 2, occurredAtMs: 1_000 }, { version: 1, occurredAtMs: 1_000 })).toBe(
      1_001,
    );
    expect(interactionTimeMs({ version: 2, occurredAtMs: 900 }, { version: 1, occurredAtMs: 1_000 })).toBe(
      1_001,
    );
  });

  it('keeps the newest item per key', () => {
    const items = [
      { key: 'a', version: 1, occurredAtMs: 10, name: 'a1' },
      { key: 'b', version: 5, occurredAtMs: 10, name: 'b5' },
      { key: 'a', version: 3, occurredAtMs: 5, name: 'a3' },
      { key: 'a', version: 2, occurredAtMs: 50, name: 'a2' },
      { key: 'b', version: 5, occurredAtMs: 10, name: 'b5-repeat' },
    ];
    const { newest, superseded } = keepNewestPerKey(
      items,
      (item) => item.key,
      (item) => item,
    );
    expect(newest.map((item) => item.name)).toEqual(['a3', 'b5-repeat']);
    expect(superseded.map((item) => item.name)).toEqual(['a1', 'b5', 'a2']);
  });
});
