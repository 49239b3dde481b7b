/**
 * The HubSpot calls the API makes, as a port: routes depend on this interface, `gateway-adapter.ts`
 * implements it with `@oniva-hubspot/hubspot-gateway`. Every method throws the gateway's
 * `HubSpotError` on failure; `hubspot/errors.ts` turns it into an API error.
 */

/** What HubSpot reports about a private-app token or Service Key. */
export interface TokenInspection {
  portalId: number;
  appId: number;
  userId?: number | undefined;
  scopes: string[];
}

/** The token plus the portal and app it belongs to, as the gateway's rate limiter needs them. */
export interface HubSpotCredentials {
  accessToken: string;
  portalId: number;
  appId: number;
  timeZone?: string | undefined;
}

/** Account details of a portal. */
export interface PortalDetails {
  portalId: number;
  /** IANA time zone; HubSpot's daily API limit resets at midnight there. */
  timeZone: string;
  /** `STANDARD`, `SANDBOX`, `DEVELOPER_TEST` or `APP_DEVELOPER`. */
  accountType: string;
  /** `X-HubSpot-RateLimit-Daily` of the response, when HubSpot sent it. */
  dailyLimit?: number | undefined;
}

/** Today's API usage of the portal's private apps. */
export interface DailyUsage {
  usageLimit: number;
  currentUsage: number;
  /** When the counter resets, if HubSpot says. */
  resetsAt?: Date | undefined;
}

/** A custom object schema of the portal. */
export interface CustomObjectSchemaSummary {
  name: string;
  objectTypeId: string;
  fullyQualifiedName: string;
}

/** A HubSpot list as the import dialog shows it. */
export interface ListSummary {
  listId: string;
  name: string;
  /** `0-1` for contact lists. */
  objectTypeId: string;
  processingType: string;
  /** Member count, when HubSpot reports it. */
  size?: number | undefined;
  updatedAt?: Date | undefined;
}

/** One page of a list search; pass `offset` back while `hasMore`. */
export interface ListPage {
  lists: ListSummary[];
  offset: number;
  hasMore: boolean;
  total: number;
}

/** A contact property offered for field mapping. */
export interface ContactPropertySummary {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  /** True when HubSpot computes the value, so an import can read it but never write it. */
  readOnlyValue: boolean;
  hubspotDefined: boolean;
  options: Array<{ label: string; value: string }>;
}

export interface HubSpotPort {
  /** Reads portal, app and granted scopes of a token; HUBSPOT_TOKEN_INVALID when HubSpot rejects it. */
  inspectToken(accessToken: string, signal?: AbortSignal): Promise<TokenInspection>;
  getPortalDetails(credentials: HubSpotCredentials, signal?: AbortSignal): Promise<PortalDetails>;
  /** Today's usage of the daily limit; undefined when HubSpot reports no usage for private apps. */
  getDailyUsage(credentials: HubSpotCredentials, signal?: AbortSignal): Promise<DailyUsage | undefined>;
  listCustomObjectSchemas(
    credentials: HubSpotCredentials,
    signal?: AbortSignal,
  ): Promise<CustomObjectSchemaSummary[]>;
  searchLists(
    credentials: HubSpotCredentials,
    search: { query: string; offset: number; count: number },
    signal?: AbortSignal,
  ): Promise<ListPage>;
  /** Reads one list; HUBSPOT_NOT_FOUND when it does not exist. */
  getList(credentials: HubSpotCredentials, listId: string, signal?: AbortSignal): Promise<ListSummary>;
  getContactProperties(
    credentials: HubSpotCredentials,
    signal?: AbortSignal,
  ): Promise<ContactPropertySummary[]>;
  /** Drops cached clients of a token after rotation or deletion. */
  forget(accessToken: string): void;
}
