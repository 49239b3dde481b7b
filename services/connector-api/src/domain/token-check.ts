import { isHubSpotError } from '@oniva-hubspot/hubspot-gateway';

import type { HubSpotCredentials, HubSpotPort, PortalDetails, TokenInspection } from '../hubspot/port.js';
import { type Feature, type FeatureSet, missingScopesByFeature, SCHEMA_WRITE_SCOPE } from './features.js';
import { isEnterpriseByDailyLimit } from './portal-tier.js';

/** Whether the portal can hold the personal event links as custom object records. */
export type CustomObjectsStatus =
  | { state: 'ready'; schemaName: string; objectTypeId: string }
  /** The schema does not exist yet; the connector creates it when it has `crm.schemas.custom.write`. */
  | { state: 'schema-missing'; schemaName: string; canCreate: boolean }
  /** The portal's subscription has no custom objects (HubSpot Enterprise only). */
  | { state: 'tier-unavailable'; detail: string }
  /** Not checked because the custom object scopes are missing. */
  | { state: 'not-checked' };

/** What HubSpot says about a token, compared with the features that should use it. */
export interface TokenCheck {
  inspection: TokenInspection;
  details: PortalDetails;
  credentials: HubSpotCredentials;
  /** Missing scopes of each enabled feature; empty when every feature is covered. */
  missingScopes: Partial<Record<Feature, string[]>>;
  /** Present only when custom objects are enabled. */
  customObjects: CustomObjectsStatus | undefined;
}

export interface TokenCheckInput {
  accessToken: string;
  features: FeatureSet;
  /** Name of the custom object schema that holds personal event links. */
  customObjectName: string;
  signal?: AbortSignal | undefined;
}

/**
 * Validates a token against HubSpot: reads its portal, app and scopes, the portal's time zone, and
 * for custom objects whether the portal has them and whether the schema exists. Throws the gateway's
 * `HubSpotError` when HubSpot rejects the token or fails.
 */
export async function checkToken(hubspot: HubSpotPort, input: TokenCheckInput): Promise<TokenCheck> {
  const inspection = await hubspot.inspectToken(input.accessToken, input.signal);
  const partialCredentials = {
    accessToken: input.accessToken,
    portalId: inspection.portalId,
    appId: inspection.appId,
  };
  const details = await hubspot.getPortalDetails(partialCredentials, input.signal);
  const credentials = { ...partialCredentials, timeZone: details.timeZone };
  const missingScopes = missingScopesByFeature(input.features, inspection.scopes);

  let customObjects: CustomObjectsStatus | undefined;
  if (input.features.customObjects) {
    customObjects =
      missingScopes.customObjects === undefined
        ? await checkCustomObjects(hubspot, {
            credentials,
            details,
            inspection,
            schemaName: input.customObjectName,
            signal: input.signal,
          })
        : { state: 'not-checked' };
  }
  return { inspection, details, credentials, missingScopes, customObjects };
}

async function checkCustomObjects(
  hubspot: HubSpotPort,
  input: {
    credentials: HubSpotCredentials;
    details: PortalDetails;
    inspection: TokenInspection;
    schemaName: string;
    signal?: AbortSignal | undefined;
  },
): Promise<CustomObjectsStatus> {
  if (isEnterpriseByDailyLimit(input.details.dailyLimit) === false) {
    return {
      state: 'tier-unavailable',
      detail: `portal ${input.details.portalId} has a daily API limit of ${input.details.dailyLimit}, which HubSpot gives to tiers below Enterprise`,
    };
  }

  let schemas;
  try {
    schemas = await hubspot.listCustomObjectSchemas(input.credentials, input.signal);
  } catch (error) {
    if (isHubSpotError(error) && error.code === 'HUBSPOT_CUSTOM_OBJECTS_UNAVAILABLE') {
      return {
        state: 'tier-unavailable',
        detail: `HubSpot refused custom object schemas for portal ${input.details.portalId}`,
      };
    }
    throw error;
  }

  const schema = schemas.find((candidate) => candidate.name === input.schemaName);
  if (schema !== undefined) {
    return { state: 'ready', schemaName: schema.name, objectTypeId: schema.objectTypeId };
  }
  return {
    state: 'schema-missing',
    schemaName: input.schemaName,
    canCreate: input.inspection.scopes.includes(SCHEMA_WRITE_SCOPE),
  };
}
