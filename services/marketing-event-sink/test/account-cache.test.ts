import { describe, expect, it } from 'vitest';

import { AccountCache } from '../src/enrichment/account-cache.js';

function counterLoad(): { load: () => Promise<number>; calls: () => number } {
  let count = 0;
  return {
    load: async () => {
      count += 1;
      return count;
    },
    calls: () => count,
  };
}

describe('AccountCache', () => {
  it('reuses a value within its lifetime', async () => {
    let now = 0;
    const cache = new AccountCache<number>({ ttlMs: 30_000, now: () => now });
    const source = counterLoad();

    expect(await cache.get('acc-1', 'connection', source.load)).toBe(1);
    now = 29_999;
    expect(await cache.get('acc-1', 'connection', source.load)).toBe(1);
    now = 30_000;
    expect(await cache.get('acc-1', 'connection', source.load)).toBe(2);
    expect(source.calls()).toBe(2);
  });

  it('shares one load between concurrent callers', async () => {
    const cache = new AccountCache<number>({ ttlMs: 30_000 });
    const source = counterLoad();
    const values = await Promise.all([1, 2, 3].map(() => cache.get('acc-1', 'k', source.load)));
    expect(values).toEqual([1, 1, 1]);
    expect(source.calls()).toBe(1);
  });

  it('drops every entry of an invalidated account', async () => {
    const cache = new AccountCache<number>({ ttlMs: 30_000 });
    const source = counterLoad();
    await cache.get('acc-1', 'a', source.load);
    await cache.get('acc-1', 'b', source.load);
    await cache.get('acc-2', 'a', source.load);

    cache.invalidateAccount('acc-1');

    expect(cache.size).toBe(1);
    expect(await cache.get('acc-2', 'a', source.load)).toBe(3);
    expect(await cache.get('acc-1', 'a', source.load)).toBe(4);
  });

  it('does not keep a load that was running during invalidation', async () => {
    const cache = new AccountCache<string>({ ttlMs: 30_000 });
    let release: (value: string) => void = () => {};
    const pending = cache.get('acc-1', 'k', () => new Promise<string>((resolve) => (release = resolve)));

    cache.invalidateAccount('acc-1');
    release('old');

    expect(await pending).toBe('old');
    expect(await cache.get('acc-1', 'k', async () => 'new')).toBe('new');
  });

  it('does not cache failed loads', async () => {
    const cache = new AccountCache<string>({ ttlMs: 30_000 });
    await expect(
      cache.get('acc-1', 'k', async () => Promise.reject(new Error('database down'))),
    ).rejects.toThrow('database down');
    expect(await cache.get('acc-1', 'k', async () => 'loaded')).toBe('loaded');
  });
});
