/** A cached load and when it stops being used. */
interface CachedLoad<V> {
  value: Promise<V>;
  expiresAtMs: number;
}

/**
 * Per-account cache of loaded values (connection, activations, HubSpot API), so that a batch of
 * links of one account reads MongoDB once per value and lifetime.
 *
 * Concurrent `get` calls for one key share a single load. A failed load is dropped at once, so
 * the next call loads again. `invalidateAccount` drops every value of the account; a load that is
 * still running then resolves for its callers but is not kept.
 */
export class AccountTtlCache<V> {
  readonly #ttlMs: number;
  readonly #nowMs: () => number;
  readonly #accounts = new Map<string, Map<string, CachedLoad<V>>>();

  /** `ttlMs` is the lifetime of a loaded value; `nowMs` replaces the clock in tests. */
  constructor(options: { ttlMs: number; nowMs?: () => number }) {
    this.#ttlMs = options.ttlMs;
    this.#nowMs = options.nowMs ?? Date.now;
  }

  /** Returns the value of (`accountId`, `key`) while it is fresh, or starts `load` for it. */
  get(accountId: string, key: string, load: () => Promise<V>): Promise<V> {
    const nowMs = this.#nowMs();
    const values = this.#accounts.get(accountId) ?? new Map<string, CachedLoad<V>>();
    const cached = values.get(key);
    if (cached !== undefined && cached.expiresAtMs > nowMs) {
      return cached.value;
    }

    const value = load();
    values.set(key, { value, expiresAtMs: nowMs + this.#ttlMs });
    this.#accounts.set(accountId, values);
    value.catch(() => this.#dropIfCurrent(accountId, key, value));
    return value;
  }

  /** Drops every value of `accountId`. */
  invalidateAccount(accountId: string): void {
    this.#accounts.delete(accountId);
  }

  /** Number of cached values, for tests. */
  get size(): number {
    let count = 0;
    for (const values of this.#accounts.values()) {
      count += values.size;
    }
    return count;
  }

  #dropIfCurrent(accountId: string, key: string, value: Promise<V>): void {
    const values = this.#accounts.get(accountId);
    if (values?.get(key)?.value !== value) {
      return;
    }
    values.delete(key);
    if (values.size === 0) {
      this.#accounts.delete(accountId);
    }
  }
}
