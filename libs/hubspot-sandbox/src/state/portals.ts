export const TIERS = ['free', 'starter', 'professional', 'enterprise'] as const;
export type Tier = (typeof TIERS)[number];

export const ACCOUNT_TYPES = ['STANDARD', 'SANDBOX', 'DEVELOPER_TEST', 'APP_DEVELOPER'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

/** Per-portal replacements for the limits derived from tier and limit packs. */
export interface LimitOverrides {
  /** Calls per 10-second window per private app. */
  burstMax?: number;
  /** Calls per day per portal, shared by all its private apps. */
  dailyMax?: number;
  /** CRM search calls per second per portal. */
  searchPerSecond?: number;
}

/** A HubSpot account as the sandbox simulates it. */
export interface PortalRecord {
  portalId: number;
  tier: Tier;
  /** Purchased API limit increase packs, 0 to 2. */
  limitPacks: number;
  /** IANA time-zone name; the daily limit resets at midnight in it. */
  timeZone: string;
  accountType: AccountType;
  companyCurrency: string;
  additionalCurrencies: string[];
  uiDomain: string;
  dataHostingLocation: string;
  limits: LimitOverrides;
}

/** Effective limits of a portal after tier, packs and overrides. */
export interface EffectiveLimits {
  burstMax: number;
  burstIntervalMs: number;
  dailyMax: number;
  searchPerSecond: number;
}

const BURST_BY_TIER: Record<Tier, number> = { free: 100, starter: 100, professional: 190, enterprise: 190 };
const DAILY_BY_TIER: Record<Tier, number> = {
  free: 250_000,
  starter: 250_000,
  professional: 625_000,
  enterprise: 1_000_000,
};

/**
 * Derives the private-app limits from HubSpot's usage guidelines. The burst limit is 100 calls per
 * 10 s on Free and Starter, 190 on Professional and Enterprise, and 250 with any limit pack (packs
 * do not stack for it). The daily limit is 250,000 / 625,000 / 1,000,000 calls plus 1,000,000 per
 * pack. CRM search allows 5 calls per second per portal. Portal overrides replace each value.
 */
export function effectiveLimits(portal: PortalRecord): EffectiveLimits {
  const packs = Math.max(0, Math.min(2, portal.limitPacks));
  return {
    burstMax: portal.limits.burstMax ?? (packs > 0 ? 250 : BURST_BY_TIER[portal.tier]),
    burstIntervalMs: 10_000,
    dailyMax: portal.limits.dailyMax ?? DAILY_BY_TIER[portal.tier] + packs * 1_000_000,
    searchPerSecond: portal.limits.searchPerSecond ?? 5,
  };
}
