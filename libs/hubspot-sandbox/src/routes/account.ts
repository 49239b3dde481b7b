import { z } from 'zod';
import type { RouteModule } from '../context.js';
import { hubspotError, invalidAuthentication, notFound } from '../http/hubspot-errors.js';
import { parseBody } from '../http/params.js';
import { formatUtcOffset, utcOffsetMs } from '../limits/time-zone.js';
import { effectiveLimits } from '../state/portals.js';
import type { RateLimiter } from '../limits/rate-limiter.js';

const tokenInfoBody = z.object({ tokenKey: z.string().min(1) });

/**
 * Token metadata, account details and daily API usage. `rateLimiter` supplies the usage numbers.
 */
export function accountRoutes(rateLimiter: RateLimiter): RouteModule {
  return (app, ctx) => {
    // No scope and no Authorization header are needed: the token to inspect is in the body.
    app.post('/oauth/v2/private-apps/get/access-token-info', async (request) => {
      const { tokenKey } = parseBody(tokenInfoBody, request.body);
      const record = ctx.state.tokens.findActive(tokenKey, ctx.clock.now());
      if (record === undefined || !ctx.state.portals.has(record.portalId)) throw invalidAuthentication();
      return {
        userId: record.userId,
        hubId: record.portalId,
        appId: record.appId,
        scopes: [...record.scopes],
      };
    });

    // OAuth access tokens are not simulated; private-app tokens get the format error HubSpot sends.
    app.get('/oauth/v1/access-tokens/:token', { config: { hubspotRateLimit: 'none' } }, async (request) => {
      const { token } = request.params as { token: string };
      // NOTE: the status of this error is not documented; 400 is the sandbox's choice.
      if (token.startsWith('pat-')) {
        throw hubspotError(400, { message: 'The access token must have the correct format' });
      }
      throw notFound('The access token was not found');
    });

    for (const path of ['/account-info/v3/details', '/account-info/2026-03/details']) {
      app.get(path, async (request) => {
        const { portal } = ctx.requireAuth(request, { anyOf: [] });
        const offsetMs = utcOffsetMs(ctx.clock.now(), portal.timeZone);
        return {
          portalId: portal.portalId,
          accountType: portal.accountType,
          timeZone: portal.timeZone,
          companyCurrency: portal.companyCurrency,
          additionalCurrencies: portal.additionalCurrencies,
          utcOffset: formatUtcOffset(offsetMs),
          utcOffsetMilliseconds: offsetMs,
          uiDomain: portal.uiDomain,
          dataHostingLocation: portal.dataHostingLocation,
        };
      });
    }

    app.get('/account-info/v3/api-usage/daily/private-apps', async (request) => {
      const { portal } = ctx.requireAuth(request, { anyOf: [] });
      const now = ctx.clock.now();
      const usage = rateLimiter.dailyUsage(portal, now);
      return {
        results: [
          {
            name: 'private-apps-api-calls-daily',
            usageLimit: effectiveLimits(portal).dailyMax,
            currentUsage: usage.used,
            collectedAt: new Date(now).toISOString(),
            fetchStatus: 'SUCCESS',
            resetsAt: new Date(usage.resetsAt).toISOString(),
          },
        ],
      };
    });
  };
}
