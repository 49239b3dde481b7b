import { describe, expect, it } from 'vitest';

import { AccountTtlCache } from '../src/enrichment/ttl-cache.js';

describe('AccountTtlCache', () => {
  it('shares one load between concurrent calls', async () => {
    const cache = new AccountTtlCache<number>({ ttlMs: 1_000 });
    let loads = 0;
    const load = () => Promise.resolve(++loads);

    const values = await Promise.all([cache.get('a', 'k', load), cache.get('a', 'k', load)]);

    expect(values).toEqual([1, 1]);
    expect(loads).toBe(1);
  });

  it('loads again after the lifetime ends', async () => {
    let nowMs = 0;
    const cache = new AccountTtlCache<number>({ ttlMs: 1_000, nowMs: () => nowMs });
    let loads = 0;
    const load = () => Promise.resolve(++loads);

    await cache.get('a', 'k', load);
    nowMs = 1_000;

    expect(await cache.get('a', 'k', load)).toBe(2);
  });

  it('drops a failed load at once', async () => {
    const cache = new AccountTtlCache<number>({ ttlMs: 1_000 });

    await expect(cache.get('a', 'k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');

    expect(cache.size).toBe(0);
    expect(await cache.get('a', 'k', () => Promise.resolve(5))).toBe(5);
  });

  it('drops every value of an invalidated account only', async () => {
    const cache = new AccountTtlCache<string>({ ttlMs: 1_000 });
    await cache.get('a', 'k1', () => Promise.resolve('a1'));
    await cache.get('a', 'k2', () => Promise.resolve('a2'));
    await cache.get('b', 'k1', () => Promise.resolve('b1'));

    cache.invalidateAccount('a');

    expect(cache.size).toBe(1);
    expect(await cache.get('a', 'k1', () => Promise.resolve('fresh'))).toBe('fresh');
  });
});
