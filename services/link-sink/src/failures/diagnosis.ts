import type { ConnectionDiagnosis } from '../ports.js';

/**
 * Scopes a token needs for personal event links: the custom object scopes from Oniva's help page,
 * plus `crm.objects.contacts.write`, because each link's contact is found or created by a contact
 * upsert by email before the record is associated with it.
 */
export const LINK_SCOPES = Object.freeze([
  'crm.schemas.custom.read',
  'crm.objects.custom.read',
  'crm.objects.custom.write',
  'crm.objects.contacts.write',
]);

/** Scope that lets the sink create the link schema in a portal that has none. */
export const SCHEMA_WRITE_SCOPE = 'crm.schemas.custom.write';

/** Gateway code of the daily-limit failure, the only connection failure that heals by itself. */
export const DAILY_LIMIT_CODE = 'HUBSPOT_DAILY_LIMIT_REACHED';

const APP_SETTINGS = 'Settings > Integrations > Private Apps > your app';
const REPLAY = 'parked links are replayed once the token is saved again in Oniva under App connections';

/** A connection-level failure as the gateway or the sink reports it. */
export interface ConnectionFailure {
  code: string;
  message: string;
  requiredScopes?: readonly string[] | undefined;
  resetsAt?: Date | undefined;
  details?: Record<string, unknown> | undefined;
}

/** Turns a connection-level failure into the diagnosis stored on the connection's health. */
export function diagnoseConnectionFailure(failure: ConnectionFailure): ConnectionDiagnosis {
  return { code: failure.code, message: failure.message, fix: fixFor(failure) };
}

function fixFor(failure: ConnectionFailure): string {
  const schemaName =
    typeof failure.details?.['schemaName'] === 'string' ? failure.details['schemaName'] : 'the link schema';
  switch (failure.code) {
    case 'HUBSPOT_TOKEN_INVALID':
      return `The access token is invalid, rotated or expired. Copy the current token of the private app in HubSpot (${APP_SETTINGS} > Auth) and update it in Oniva; ${REPLAY}.`;
    case 'HUBSPOT_MISSING_SCOPES': {
      const scopes = failure.requiredScopes?.length ? failure.requiredScopes : LINK_SCOPES;
      return `Add the scopes ${scopes.join(', ')} to the private app in HubSpot (${APP_SETTINGS} > Scopes); ${REPLAY}.`;
    }
    case 'HUBSPOT_CUSTOM_OBJECTS_UNAVAILABLE':
      return 'The portal has no custom objects, which need a HubSpot Enterprise subscription. Upgrade the portal, or switch off the Custom Objects feature of the connection in Oniva.';
    case DAILY_LIMIT_CODE: {
      const when =
        failure.resetsAt === undefined
          ? 'at midnight in the portal time zone'
          : `at ${failure.resetsAt.toISOString()}`;
      return `The portal's daily HubSpot API limit is used up. Transfers resume by themselves ${when}, or sooner after adding an API limit increase in HubSpot.`;
    }
    case 'LINK_SINK_ERR_TOKEN_MISSING':
      return 'The connection has no stored access token. Save the private app token in Oniva under App connections.';
    case 'LINK_SINK_ERR_SCHEMA_MISSING':
      return `Custom objects need a HubSpot Enterprise subscription. On an Enterprise portal, add the scope ${SCHEMA_WRITE_SCOPE} to the private app so the connector can create the custom object "${schemaName}", or create it in HubSpot yourself; ${REPLAY}.`;
    case 'LINK_SINK_ERR_SCHEMA_INVALID':
      return `Add the missing properties to the custom object "${schemaName}" in HubSpot (Settings > Data Management > Objects > Custom Objects), or delete that object so the connector creates it again; ${REPLAY}.`;
    case 'LINK_SINK_ERR_ASSOCIATION_TYPE_MISSING':
      return `Associate the custom object "${schemaName}" with contacts in HubSpot (Settings > Data Management > Objects > Custom Objects > Associations); ${REPLAY}.`;
    case 'LINK_SINK_ERR_SCHEMA_SETUP_FAILED':
      return `Check the custom object "${schemaName}" in HubSpot against the error above; ${REPLAY}.`;
    default:
      return `Check the private app and its permissions in HubSpot; ${REPLAY}.`;
  }
}
