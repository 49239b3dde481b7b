import { describe, expect, it } from 'vitest';
import { createSandbox } from '../src/index.js';
import { PORTAL_ID, TOKEN, call, startSandbox } from './helpers.js';

const admin = (path: string) => `/_sandbox${path}`;

describe('admin HTTP API', () => {
  it('provision creates portals, tokens and lists from a document', async () => {
    const sandbox = await startSandbox();

    const response = await call(sandbox, admin('/provision'), {
      method: 'POST',
      token: null,
      body: {
        portals: [
          {
            portalId: 9001,
            tier: 'enterprise',
            limitPacks: 1,
            timeZone: 'America/New_York',
            tokens: [{ appId: 3, scopes: ['crm.lists.read'] }],
            lists: [
              {
                name: 'Imported',
                processingType: 'SNAPSHOT',
                generate: 4,
                contacts: [{ email: 'vip@example.com' }],
              },
            ],
          },
        ],
      },
    });

    const body = response.json() as {
      portals: Array<{ tokens: Array<{ token: string }>; lists: Array<{ size: number }> }>;
    };
    expect(response.status).toBe(201);
    expect(body.portals[0]?.tokens[0]?.token).toMatch(/^pat-na1-/);
    expect(body.portals[0]?.lists[0]?.size).toBe(5);
    const portal = await call(sandbox, admin('/portals/9001'), { token: null });
    expect(portal.json()).toMatchObject({
      tier: 'enterprise',
      effectiveLimits: { burstMax: 250, dailyMax: 2_000_000 },
      contactCount: 5,
    });
  });

  it('admin input errors get 400 naming the field', async () => {
    const sandbox = await startSandbox();

    const response = await call(sandbox, admin('/portals'), {
      method: 'POST',
      token: null,
      body: { portalId: 1, tier: 'gold', timeZone: 'Mars/Olympus' },
    });

    const body = response.json() as { message: string; issues: Array<{ path: string }> };
    expect(response.status).toBe(400);
    expect(body.issues.map((issue) => issue.path).sort()).toEqual(['tier', 'timeZone']);
  });

  it('admin answers 404 for an unknown portal', async () => {
    const sandbox = await startSandbox();

    const response = await call(sandbox, admin('/portals/31337/lists'), {
      method: 'POST',
      token: null,
      body: { name: 'x' },
    });

    expect(response.status).toBe(404);
    expect(response.json()).toMatchObject({ code: 'SANDBOX_ERR_UNKNOWN_PORTAL' });
  });

  it('limits override changes the headers and null restores the tier value', async () => {
    const sandbox = await startSandbox();

    await call(sandbox, admin(`/portals/${PORTAL_ID}/limits`), {
      method: 'PUT',
      token: null,
      body: { burstMax: 10 },
    });
    const overridden = await call(sandbox, '/account-info/v3/details');
    await call(sandbox, admin(`/portals/${PORTAL_ID}/limits`), {
      method: 'PUT',
      token: null,
      body: { burstMax: null },
    });
    const restored = await call(sandbox, '/account-info/v3/details');

    expect(overridden.headers.get('x-hubspot-ratelimit-max')).toBe('10');
    expect(restored.headers.get('x-hubspot-ratelimit-max')).toBe('190');
  });

  it('token rotate, scope change and delete work over HTTP', async () => {
    const sandbox = await startSandbox();

    const rotated = await call(sandbox, admin(`/tokens/${TOKEN}/rotate`), {
      method: 'POST',
      token: null,
      body: { expireNow: true },
    });
    const newToken = (rotated.json() as { token: { token: string } }).token.token;
    const scopes = await call(sandbox, admin(`/tokens/${newToken}/scopes`), {
      method: 'PUT',
      token: null,
      body: { scopes: ['oauth'] },
    });
    const deleted = await call(sandbox, admin(`/tokens/${newToken}`), { method: 'DELETE', token: null });

    expect(rotated.status).toBe(201);
    expect(scopes.json()).toMatchObject({ scopes: ['oauth'] });
    expect(deleted.status).toBe(204);
    expect((await call(sandbox, '/account-info/v3/details', { token: newToken })).status).toBe(401);
  });

  it('contacts can be added, read and deleted over HTTP', async () => {
    const sandbox = await startSandbox();

    const added = await call(sandbox, admin(`/portals/${PORTAL_ID}/contacts`), {
      method: 'POST',
      token: null,
      body: { contacts: [{ email: 'Ada@Example.com' }], generate: 2 },
    });
    const { ids, generated } = added.json() as {
      ids: string[];
      generated: { firstId: string; count: number };
    };
    const read = await call(sandbox, admin(`/portals/${PORTAL_ID}/contacts/${ids[0]}`), { token: null });
    const deleted = await call(sandbox, admin(`/portals/${PORTAL_ID}/contacts/delete`), {
      method: 'POST',
      token: null,
      body: { ids: [generated.firstId, '999'] },
    });

    expect(read.json()).toMatchObject({ properties: { email: 'ada@example.com' } });
    expect(deleted.json()).toEqual({ deleted: [generated.firstId], missing: ['999'] });
  });

  it('request log filters by path and method and counts per endpoint', async () => {
    const sandbox = await startSandbox();
    await call(sandbox, '/account-info/v3/details');
    await call(sandbox, '/account-info/v3/details', { token: 'pat-na1-bad' });

    const filtered = await call(sandbox, admin('/requests?path=/account-info/**&method=GET'), {
      token: null,
    });
    const counts = await call(sandbox, admin('/requests/counts'), { token: null });
    await call(sandbox, admin('/requests'), { method: 'DELETE', token: null });

    expect((filtered.json() as { total: number }).total).toBe(2);
    expect(counts.json()).toEqual({ 'GET /account-info/v3/details': { '200': 1, '401': 1 } });
    expect(sandbox.admin.requests()).toEqual([]);
  });

  it('rate-limit stats are readable over HTTP', async () => {
    const sandbox = await startSandbox();
    await call(sandbox, '/account-info/v3/details');

    const response = await call(sandbox, admin(`/rate-limits?portalId=${PORTAL_ID}`), { token: null });

    expect(response.json()).toMatchObject({ results: [{ portalId: PORTAL_ID, maxCallsInWindow: 1 }] });
  });

  it('faults can be added, listed and removed over HTTP', async () => {
    const sandbox = await startSandbox();

    await call(sandbox, admin('/faults'), {
      method: 'POST',
      token: null,
      body: { id: 'slow', effect: { type: 'latency', ms: 1 } },
    });
    const listed = await call(sandbox, admin('/faults'), { token: null });
    const removed = await call(sandbox, admin('/faults/slow'), { method: 'DELETE', token: null });
    const missing = await call(sandbox, admin('/faults/slow'), { method: 'DELETE', token: null });

    expect(listed.json()).toMatchObject({ results: [{ id: 'slow', rate: 1 }] });
    expect(removed.status).toBe(204);
    expect(missing.status).toBe(404);
  });

  it('reset drops state and restores the module options given at start', async () => {
    const sandbox = await createSandbox({ moduleOptions: { objects: { identifiersDelayMs: 0 } } });
    try {
      sandbox.admin.addPortal({ portalId: 1 });
      await call(sandbox, admin('/module-options/objects'), {
        method: 'PUT',
        token: null,
        body: { identifiersDelayMs: 5 },
      });
      const changed = sandbox.context.moduleOptions('objects');

      const reset = await call(sandbox, admin('/reset'), { method: 'POST', token: null });

      expect(changed).toEqual({ identifiersDelayMs: 5 });
      expect(reset.status).toBe(204);
      expect(sandbox.admin.portals()).toEqual([]);
      expect(sandbox.context.moduleOptions('objects')).toEqual({ identifiersDelayMs: 0 });
    } finally {
      await sandbox.close();
    }
  });

  it('reset runs listeners registered by route modules', async () => {
    const sandbox = await startSandbox();
    let resets = 0;
    sandbox.context.onReset(() => (resets += 1));

    sandbox.admin.reset();

    expect(resets).toBe(1);
  });
});
