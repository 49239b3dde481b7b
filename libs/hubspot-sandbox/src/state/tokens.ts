/** A private-app access token bound to one portal, app and user. */
export interface TokenRecord {
  token: string;
  portalId: number;
  appId: number;
  userId: number;
  scopes: Set<string>;
  /** Epoch ms after which the token is rejected; set when it was rotated with a grace period. */
  expiresAt?: number;
}

/** Tokens by their secret string. */
export class TokenStore {
  private readonly tokens = new Map<string, TokenRecord>();

  add(record: TokenRecord): void {
    this.tokens.set(record.token, record);
  }

  get(token: string): TokenRecord | undefined {
    return this.tokens.get(token);
  }

  /** Returns the token when it exists and has not expired at `now`. */
  findActive(token: string, now: number): TokenRecord | undefined {
    const record = this.tokens.get(token);
    if (record === undefined) return undefined;
    if (record.expiresAt !== undefined && record.expiresAt <= now) return undefined;
    return record;
  }

  delete(token: string): boolean {
    return this.tokens.delete(token);
  }

  deleteByPortal(portalId: number): void {
    for (const [token, record] of this.tokens) {
      if (record.portalId === portalId) this.tokens.delete(token);
    }
  }

  all(): TokenRecord[] {
    return [...this.tokens.values()];
  }

  clear(): void {
    this.tokens.clear();
  }
}
