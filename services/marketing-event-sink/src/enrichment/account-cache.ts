/** Options of `AccountCache`. */
export interface AccountCacheOptions {
  /** How long a loaded value is used before it is loaded again, in milliseconds. */
  ttlMs: number;
  /** Clock in epoch milliseconds; tests pass their own. */
  now?: () => number;
}

interface Entry<V> {
  value: Promise<V>;
  expiresAt: number;
}

/**
 * Short-lived cache of values that belong to one account (connection, activations), so that a
 * batch of records for the same account reads MongoDB once. Concurrent `get` calls for the same
 * key share one load. `invalidateAccount` drops every entry of the account at once. A load that
 * was running at that moment still resolves for its callers, but its value is not kept. Failed
 * loads are not cached.
 */
export class AccountCache<V> {
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, Map<string, Entry<V>>>();

  constructor(options: AccountCacheOptions) {
    this.ttlMs = options.ttlMs;
    this.now = options.now ?? Date.now;
  }

  /** Returns the cached value of (`accountId`, `key`), or loads it with `load`. */
  get(accountId: string, key: string, load: () => Promise<V>): Promise<V> {
    const now = this.now();
    const accountEntries = this.entries.get(accountId);
    const cached = accountEntries?.get(key);
    if (cached !== undefined && cached.expiresAt > now) {
      return cached.value;
    }

    const value = load();
    const entries = accountEntries ?? new Map<string, Entry<V>>();
    entries.set(key, { value, expiresAt: now + this.ttlMs });
    this.entries.set(accountId, entries);

    value.catch(() => {
      this.dropIfCurrent(accountId, key, value);
    });
    return value;
  }

  /** Drops every cached value of `accountId`; a load still running is not kept when it ends. */
  invalidateAccount(accountId: string): void {
    this.entries.delete(accountId);
  }

  /** Drops every cached value. */
  clear(): void {
    this.entries.clear();
  }

  /** Number of cached entries, for tests and metrics. */
  get size(): number {
    let count = 0;
    for (const entries of this.entries.values()) {
      count += entries.size;
    }
    return count;
  }

  private dropIfCurrent(accountId: string, key: string, value: Promise<V>): void {
    const entries = this.entries.get(accountId);
    if (entries?.get(key)?.value === value) {
      entries.delete(key);
      if (entries.size === 0) {
        this.entries.delete(accountId);
      }
    }
  }
}
