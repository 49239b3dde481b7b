import { z } from 'zod';

import type { CallOptions, HubSpotConnection } from '../connection.js';
import { HubSpotError } from '../errors.js';
import type { HubSpotGateway } from '../gateway.js';

export const tokenInfoSchema = z.looseObject({
  /** The portal id. */
  hubId: z.number(),
  /** The private app the token belongs to. */
  appId: z.number(),
  userId: z.number().optional(),
  scopes: z.array(z.string()),
});
export type TokenInfo = z.infer<typeof tokenInfoSchema>;

export const accountDetailsSchema = z.looseObject({
  portalId: z.number(),
  accountType: z.string(),
  /** Time-zone name; the daily API limit resets at midnight there. */
  timeZone: z.string(),
  utcOffset: z.string().optional(),
  utcOffsetMilliseconds: z.number().optional(),
  companyCurrency: z.string().optional(),
  additionalCurrencies: z.array(z.string()).optional(),
  uiDomain: z.string().optional(),
  dataHostingLocation: z.string().optional(),
});
export type AccountDetails = z.infer<typeof accountDetailsSchema>;

/**
 * Reads the portal, app and granted scopes of a private-app token
 * (`POST /oauth/v2/private-apps/get/access-token-info`, not wrapped by SDK 14). The token is also
 * sent as the Bearer header, which integrators report EU tokens need.
 */
export async function getTokenInfo(
  gateway: HubSpotGateway,
  accessToken: string,
  options?: CallOptions,
): Promise<TokenInfo> {
  const connection = gateway.connectUnbound(accessToken);
  const { data } = await connection.request(
    { operation: 'oauth.tokenInfo', idempotent: true },
    { method: 'POST', path: '/oauth/v2/private-apps/get/access-token-info', body: { tokenKey: accessToken } },
    options,
  );
  return parseResponse(tokenInfoSchema, data.body, 'oauth.tokenInfo');
}

/** Reads the portal's account details (`GET /account-info/v3/details`), including its time zone. */
export async function getAccountDetails(
  connection: HubSpotConnection,
  options?: CallOptions,
): Promise<AccountDetails> {
  const { data } = await connection.request(
    { operation: 'account.details', idempotent: true },
    { method: 'GET', path: '/account-info/v3/details' },
    options,
  );
  return parseResponse(accountDetailsSchema, data.body, 'account.details');
}

/** Validates a JSON response of an endpoint that SDK 14 does not wrap. */
export function parseResponse<T>(schema: z.ZodType<T>, body: unknown, operation: string): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) {
    return parsed.data;
  }
  throw new HubSpotError({
    code: 'HUBSPOT_UNEXPECTED_RESPONSE',
    message: `HubSpot returned an unexpected body for ${operation}: ${z.prettifyError(parsed.error)}`,
    operation,
    responseBody: body,
  });
}
