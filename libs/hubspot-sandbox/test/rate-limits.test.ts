import { describe, expect, it } from 'vitest';
import { ManualClock, type Sandbox } from '../src/index.js';
import { ALL_SCOPES, PORTAL_ID, TOKEN, call, sdkClient, sdkError, startSandbox } from './helpers.js';

const DETAILS = '/account-info/v3/details';
const SEARCH = '/crm/v3/objects/contacts/search';

async function callTimes(sandbox: Sandbox, count: number, path = DETAILS, token = TOKEN): Promise<number[]> {
  const statuses: number[] = [];
  for (let index = 0; index < count; index += 1) statuses.push((await call(sandbox, path, { token })).status);
  return statuses;
}

describe('limits by tier', () => {
  it.each([
    ['free', 0, 100, 250_000],
    ['starter', 0, 100, 250_000],
    ['professional', 0, 190, 625_000],
    ['enterprise', 0, 190, 1_000_000],
    ['professional', 1, 250, 1_625_000],
    ['enterprise', 2, 250, 3_000_000],
  ] as const)(
    '%s portal with %i packs allows %i per 10 s and %i per day',
    async (tier, limitPacks, burst, daily) => {
      const sandbox = await startSandbox();
      sandbox.admin.updatePortal(PORTAL_ID, { tier, limitPacks });

      const response = await call(sandbox, DETAILS);

      expect(response.headers.get('x-hubspot-ratelimit-max')).toBe(String(burst));
      expect(response.headers.get('x-hubspot-ratelimit-remaining')).toBe(String(burst - 1));
      expect(response.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('10000');
      expect(response.headers.get('x-hubspot-ratelimit-daily')).toBe(String(daily));
      expect(response.headers.get('x-hubspot-ratelimit-daily-remaining')).toBe(String(daily - 1));
    },
  );
});

describe('ten-second rolling window', () => {
  it('call over the burst limit gets 429 TEN_SECONDLY_ROLLING with Retry-After', async () => {
    const clock = new ManualClock('2026-05-05T09:00:00Z');
    const sandbox = await startSandbox({ clock });
    sandbox.admin.updatePortal(PORTAL_ID, { tier: 'starter' });

    const statuses = await callTimes(sandbox, 100);
    clock.advance(2500);
    const rejected = await call(sandbox, DETAILS);

    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(rejected.status).toBe(429);
    expect(rejected.headers.get('retry-after')).toBe('8');
    expect(rejected.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
    expect(rejected.json()).toMatchObject({
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      errorType: 'RATE_LIMIT',
      policyName: 'TEN_SECONDLY_ROLLING',
      category: 'RATE_LIMITS',
    });
  });

  it('window admits calls again once the oldest calls leave it', async () => {
    const clock = new ManualClock('2026-05-05T09:00:00Z');
    const sandbox = await startSandbox({ clock });
    sandbox.admin.setLimits(PORTAL_ID, { burstMax: 3 });

    await callTimes(sandbox, 1);
    clock.advance(5000);
    await callTimes(sandbox, 2);
    const full = await call(sandbox, DETAILS);
    clock.advance(5001);
    const afterFirstLeft = await call(sandbox, DETAILS);
    const fullAgain = await call(sandbox, DETAILS);

    expect(full.status).toBe(429);
    expect(afterFirstLeft.status).toBe(200);
    expect(fullAgain.status).toBe(429);
  });

  it('SDK rejects a burst 429 with the policy name its retry logic reads', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.setLimits(PORTAL_ID, { burstMax: 1 });
    await call(sandbox, '/crm/v3/lists/search', { method: 'POST', body: {} });

    const error = await sdkError(sdkClient(sandbox).crm.lists.listsApi.doSearch({}));

    expect(error.code).toBe(429);
    expect(error.body).toMatchObject({ policyName: 'TEN_SECONDLY_ROLLING' });
    expect(error.headers['retry-after']).toBeDefined();
  });

  it('each private app has its own window while the daily counter is shared', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.addToken(PORTAL_ID, { token: 'pat-na1-second-app', appId: 8, scopes: ALL_SCOPES });
    sandbox.admin.setLimits(PORTAL_ID, { burstMax: 2 });

    const firstApp = await callTimes(sandbox, 3);
    const secondApp = await call(sandbox, DETAILS, { token: 'pat-na1-second-app' });

    expect(firstApp).toEqual([200, 200, 429]);
    expect(secondApp.status).toBe(200);
    expect(secondApp.headers.get('x-hubspot-ratelimit-remaining')).toBe('1');
    expect(secondApp.headers.get('x-hubspot-ratelimit-daily-remaining')).toBe(String(625_000 - 4));
  });

  it('stats expose the max calls in any window and the 429 count', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.setLimits(PORTAL_ID, { burstMax: 4 });

    await callTimes(sandbox, 6);

    expect(sandbox.admin.rateLimitStats(PORTAL_ID)).toEqual([
      expect.objectContaining({
        portalId: PORTAL_ID,
        maxCallsInWindow: 4,
        maxCallsInWindowByApp: { '7': 4 },
        rejected: { TEN_SECONDLY_ROLLING: 2, DAILY: 0, SECONDLY: 0 },
        dailyUsed: 6,
      }),
    ]);
  });
});

describe('daily limit', () => {
  it('call over the daily limit gets 429 DAILY until local midnight', async () => {
    const clock = new ManualClock('2026-01-15T21:30:00Z');
    const sandbox = await startSandbox({ clock });
    sandbox.admin.setLimits(PORTAL_ID, { dailyMax: 2 });

    const statuses = await callTimes(sandbox, 2);
    const rejected = await call(sandbox, DETAILS);

    expect(statuses).toEqual([200, 200]);
    expect(rejected.status).toBe(429);
    expect(rejected.json()).toMatchObject({
      message: 'You have reached your daily limit.',
      policyName: 'DAILY',
      category: 'RATE_LIMITS',
    });
    // Midnight in Berlin (UTC+1 in January) is 23:00 UTC, 90 minutes later.
    expect(rejected.headers.get('retry-after')).toBe(String(90 * 60));
  });

  it('daily Retry-After accounts for a daylight-saving change', async () => {
    // 00:30 in Berlin on the day clocks move to summer time: the next local midnight is 22:00 UTC.
    const clock = new ManualClock('2026-03-28T23:30:00Z');
    const sandbox = await startSandbox({ clock });
    sandbox.admin.setLimits(PORTAL_ID, { dailyMax: 1 });

    await call(sandbox, DETAILS);
    const rejected = await call(sandbox, DETAILS);

    expect(rejected.headers.get('retry-after')).toBe(String(22.5 * 60 * 60));
  });

  it('rejected calls count toward the daily total', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.setLimits(PORTAL_ID, { dailyMax: 1000, burstMax: 2 });

    await callTimes(sandbox, 5);

    expect(sandbox.admin.rateLimitStats(PORTAL_ID)[0]?.dailyUsed).toBe(5);
  });

  it('daily counter resets at midnight in the portal time zone, not UTC', async () => {
    const clock = new ManualClock('2026-01-15T22:59:00Z');
    const sandbox = await startSandbox({ clock });
    sandbox.admin.setLimits(PORTAL_ID, { dailyMax: 1 });

    await call(sandbox, DETAILS);
    const beforeMidnight = await call(sandbox, DETAILS);
    clock.advance(60_000);
    const afterBerlinMidnight = await call(sandbox, DETAILS);

    expect(beforeMidnight.status).toBe(429);
    expect(afterBerlinMidnight.status).toBe(200);
  });

  it('admin clock advance resets the daily counter for a process-started sandbox', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.setLimits(PORTAL_ID, { dailyMax: 1 });
    await callTimes(sandbox, 2);

    const advanced = await call(sandbox, '/_sandbox/clock/advance', {
      method: 'POST',
      body: { ms: 24 * 60 * 60 * 1000 },
      token: null,
    });
    const nextDay = await call(sandbox, DETAILS);

    expect(advanced.status).toBe(200);
    expect(nextDay.status).toBe(200);
  });
});

describe('search limit', () => {
  const searchBody = { filterGroups: [], limit: 1 };

  it('search allows five calls per second per portal and sends no rate-limit headers', async () => {
    const clock = new ManualClock('2026-05-05T09:00:00Z');
    const sandbox = await startSandbox({ clock });

    const responses = [];
    for (let index = 0; index < 6; index += 1)
      responses.push(await call(sandbox, SEARCH, { method: 'POST', body: searchBody }));
    clock.advance(1000);
    const nextSecond = await call(sandbox, SEARCH, { method: 'POST', body: searchBody });

    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(responses[0]?.headers.get('x-hubspot-ratelimit-max')).toBeNull();
    expect(responses[0]?.headers.get('x-hubspot-ratelimit-daily')).toBeNull();
    expect(responses[5]?.json()).toMatchObject({
      message: 'You have reached your secondly limit.',
      category: 'RATE_LIMITS',
      policyName: 'SECONDLY',
    });
    expect(responses[5]?.headers.get('x-hubspot-ratelimit-remaining')).toBeNull();
    expect(nextSecond.status).toBe(200);
  });

  it('search calls do not use the ten-second window', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.setLimits(PORTAL_ID, { burstMax: 1, searchPerSecond: 10 });

    await call(sandbox, DETAILS);
    const search = await call(sandbox, SEARCH, { method: 'POST', body: searchBody });

    expect(search.status).toBe(200);
  });

  it('search per-second limit follows the portal override', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.setLimits(PORTAL_ID, { searchPerSecond: 1 });

    const statuses = await Promise.all([
      call(sandbox, SEARCH, { method: 'POST', body: searchBody }),
      call(sandbox, SEARCH, { method: 'POST', body: searchBody }),
    ]);

    expect(statuses.map((response) => response.status).sort()).toEqual([200, 429]);
  });
});

describe('calls outside the limits', () => {
  it('admin API calls are neither counted nor limited', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.setLimits(PORTAL_ID, { burstMax: 1 });

    await callTimes(sandbox, 3, '/_sandbox/portals');
    const first = await call(sandbox, DETAILS);

    expect(first.status).toBe(200);
  });

  it('unauthenticated calls get 401 without rate-limit headers', async () => {
    const sandbox = await startSandbox();

    const response = await call(sandbox, DETAILS, { token: null });

    expect(response.status).toBe(401);
    expect(response.headers.get('x-hubspot-ratelimit-max')).toBeNull();
  });

  it('403 responses still carry rate-limit headers and count', async () => {
    const sandbox = await startSandbox();
    sandbox.admin.setScopes(TOKEN, []);

    const response = await call(sandbox, '/crm/v3/lists/1');

    expect(response.status).toBe(403);
    expect(response.headers.get('x-hubspot-ratelimit-remaining')).toBe('189');
  });
});
