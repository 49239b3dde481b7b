import {
  getContactProperties,
  getList,
  getTokenInfo,
  HubSpotError,
  listSchemas,
  searchLists,
  type HubSpotConnection,
  type HubSpotGateway,
} from '@oniva-hubspot/hubspot-gateway';
import { z } from 'zod';

import type {
  ContactPropertySummary,
  DailyUsage,
  HubSpotCredentials,
  HubSpotPort,
  ListSummary,
  PortalDetails,
} from './port.js';

// Only the fields the API uses; HubSpot sends more.
const accountDetailsBody = z.looseObject({
  portalId: z.number(),
  timeZone: z.string(),
  accountType: z.string(),
});

const dailyUsageBody = z.looseObject({
  results: z.array(
    z.looseObject({
      usageLimit: z.number(),
      currentUsage: z.number(),
      resetsAt: z.string().optional(),
    }),
  ),
});

/** Implements the HubSpot port with the gateway's connections and operations. */
export class GatewayHubSpotPort implements HubSpotPort {
  constructor(private readonly gateway: HubSpotGateway) {}

  async inspectToken(accessToken: string, signal?: AbortSignal) {
    const info = await getTokenInfo(this.gateway, accessToken, { signal });
    return { portalId: info.hubId, appId: info.appId, userId: info.userId, scopes: info.scopes };
  }

  async getPortalDetails(credentials: HubSpotCredentials, signal?: AbortSignal): Promise<PortalDetails> {
    // A raw request instead of the gateway's getAccountDetails, because the tier check needs the
    // X-HubSpot-RateLimit-Daily header of the response.
    const { data } = await this.connect(credentials).request(
      { operation: 'account.details', idempotent: true },
      { method: 'GET', path: '/account-info/v3/details' },
      { signal },
    );
    const body = parseBody(accountDetailsBody, data.body, 'account.details');
    const dailyHeader = Number(data.headers['x-hubspot-ratelimit-daily']);
    return {
      portalId: body.portalId,
      timeZone: body.timeZone,
      accountType: body.accountType,
      dailyLimit: Number.isSafeInteger(dailyHeader) && dailyHeader > 0 ? dailyHeader : undefined,
    };
  }

  async getDailyUsage(
    credentials: HubSpotCredentials,
    signal?: AbortSignal,
  ): Promise<DailyUsage | undefined> {
    const { data } = await this.connect(credentials).request(
      { operation: 'account.usage.daily', idempotent: true },
      { method: 'GET', path: '/account-info/v3/api-usage/daily/private-apps' },
      { signal },
    );
    const body = parseBody(dailyUsageBody, data.body, 'account.usage.daily');
    const usage = body.results[0];
    if (usage === undefined) {
      return undefined;
    }
    const resetsAt = usage.resetsAt === undefined ? undefined : new Date(usage.resetsAt);
    return {
      usageLimit: usage.usageLimit,
      currentUsage: usage.currentUsage,
      resetsAt: resetsAt !== undefined && !Number.isNaN(resetsAt.getTime()) ? resetsAt : undefined,
    };
  }

  async listCustomObjectSchemas(credentials: HubSpotCredentials, signal?: AbortSignal) {
    const schemas = await listSchemas(this.connect(credentials), { signal });
    return schemas.map((schema) => ({
      name: schema.name,
      objectTypeId: schema.objectTypeId ?? '',
      fullyQualifiedName: schema.fullyQualifiedName ?? '',
    }));
  }

  async searchLists(
    credentials: HubSpotCredentials,
    search: { query: string; offset: number; count: number },
    signal?: AbortSignal,
  ) {
    const page = await searchLists(this.connect(credentials), search, { signal });
    return {
      lists: page.lists.map((list) =>
        toListSummary({ ...list, size: parseSize(list.additionalProperties?.['hs_list_size']) }),
      ),
      offset: page.offset,
      hasMore: page.hasMore,
      total: page.total,
    };
  }

  async getList(credentials: HubSpotCredentials, listId: string, signal?: AbortSignal): Promise<ListSummary> {
    const response = await getList(this.connect(credentials), listId, { signal });
    return toListSummary(response.list);
  }

  async getContactProperties(
    credentials: HubSpotCredentials,
    signal?: AbortSignal,
  ): Promise<ContactPropertySummary[]> {
    const properties = await getContactProperties(this.connect(credentials), { signal });
    return properties
      .filter((property) => property.archived !== true)
      .map((property) => ({
        name: property.name,
        label: property.label,
        type: property.type,
        fieldType: property.fieldType,
        groupName: property.groupName,
        readOnlyValue: property.modificationMetadata?.readOnlyValue ?? property.calculated === true,
        hubspotDefined: property.hubspotDefined ?? false,
        options: (property.options ?? []).map((option) => ({ label: option.label, value: option.value })),
      }));
  }

  forget(accessToken: string): void {
    this.gateway.disconnect(accessToken);
  }

  private connect(credentials: HubSpotCredentials): HubSpotConnection {
    return this.gateway.connect({
      accessToken: credentials.accessToken,
      portalId: credentials.portalId,
      appId: credentials.appId,
      timeZone: credentials.timeZone,
    });
  }
}

function toListSummary(list: {
  listId: string;
  name: string;
  objectTypeId: string;
  processingType: string;
  size?: number | undefined;
  updatedAt?: Date | undefined;
}): ListSummary {
  return {
    listId: list.listId,
    name: list.name,
    objectTypeId: list.objectTypeId,
    processingType: list.processingType,
    size: list.size,
    updatedAt: list.updatedAt,
  };
}

function parseSize(value: string | undefined): number | undefined {
  const size = Number(value);
  return value !== undefined && Number.isSafeInteger(size) && size >= 0 ? size : undefined;
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown, operation: string): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) {
    return parsed.data;
  }
  throw new HubSpotError({
    code: 'HUBSPOT_UNEXPECTED_RESPONSE',
    message: `HubSpot answered ${operation} with an unexpected body: ${z.prettifyError(parsed.error)}`,
    operation,
    responseBody: body,
  });
}
