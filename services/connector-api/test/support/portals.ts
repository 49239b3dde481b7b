import { REQUIRED_SCOPES, SCHEMA_WRITE_SCOPE } from '../../src/domain/features.js';

/** Every scope the three features need, plus the schema write scope. */
export const ALL_SCOPES = [
  ...REQUIRED_SCOPES.contactImport,
  ...REQUIRED_SCOPES.marketingEvents,
  ...REQUIRED_SCOPES.customObjects,
  SCHEMA_WRITE_SCOPE,
];

/** Portal ids and tokens provisioned by `standardProvisioning`. */
export const PORTALS = {
  /** Enterprise portal: custom objects available. */
  enterprise: 7001,
  /** Professional portal: no custom objects. */
  professional: 7002,
  /** A second Enterprise portal, for the portal-mismatch case. */
  other: 7003,
} as const;

export const TOKENS = {
  /** Enterprise portal, app 11, every scope. */
  full: 'pat-na1-00000000-full-0000-0000-000000000001',
  /** Enterprise portal, app 11, every scope: the token after a rotation. */
  rotated: 'pat-na1-00000000-rota-0000-0000-000000000002',
  /** Enterprise portal, app 12 (another private app), every scope. */
  otherApp: 'pat-na1-00000000-oapp-0000-0000-000000000003',
  /** Enterprise portal, app 11, contact import scopes only. */
  importOnly: 'pat-na1-00000000-imp0-0000-0000-000000000004',
  /** Enterprise portal, app 11, custom object scopes without crm.schemas.custom.write. */
  noSchemaWrite: 'pat-na1-00000000-nosw-0000-0000-000000000005',
  /** Professional portal, every scope. */
  professional: 'pat-na1-00000000-prof-0000-0000-000000000006',
  /** Other Enterprise portal, every scope. */
  otherPortal: 'pat-na1-00000000-othp-0000-0000-000000000007',
  /** Never provisioned: HubSpot rejects it. */
  unknown: 'pat-na1-00000000-unkn-0000-0000-000000000008',
} as const;

/** Portal of the sandbox's provisioning format, as far as these tests use it. */
export interface PortalProvisioning {
  portalId: number;
  tier: 'free' | 'starter' | 'professional' | 'enterprise';
  timeZone: string;
  tokens: Array<{ token: string; appId: number; scopes: string[] }>;
  lists?: Array<{ name: string; processingType: 'MANUAL' | 'DYNAMIC' | 'SNAPSHOT'; generate: number }>;
}

/** Portals with the tokens above and one contact list "Conference attendees" of 5 contacts. */
export function standardProvisioning(): { portals: PortalProvisioning[] } {
  return {
    portals: [
      {
        portalId: PORTALS.enterprise,
        tier: 'enterprise',
        timeZone: 'Europe/Berlin',
        tokens: [
          { token: TOKENS.full, appId: 11, scopes: ALL_SCOPES },
          { token: TOKENS.rotated, appId: 11, scopes: ALL_SCOPES },
          { token: TOKENS.otherApp, appId: 12, scopes: ALL_SCOPES },
          { token: TOKENS.importOnly, appId: 11, scopes: [...REQUIRED_SCOPES.contactImport] },
          {
            token: TOKENS.noSchemaWrite,
            appId: 11,
            scopes: [...REQUIRED_SCOPES.contactImport, ...REQUIRED_SCOPES.customObjects],
          },
        ],
        lists: [{ name: 'Conference attendees', processingType: 'MANUAL', generate: 5 }],
      },
      {
        portalId: PORTALS.professional,
        tier: 'professional',
        timeZone: 'America/New_York',
        tokens: [{ token: TOKENS.professional, appId: 21, scopes: ALL_SCOPES }],
      },
      {
        portalId: PORTALS.other,
        tier: 'enterprise',
        timeZone: 'Europe/Paris',
        tokens: [{ token: TOKENS.otherPortal, appId: 31, scopes: ALL_SCOPES }],
      },
    ],
  };
}

/** Body of a connection create request with every feature on. */
export function allFeatures(accessToken: string = TOKENS.full) {
  return { accessToken, features: { contactImport: true, marketingEvents: true, customObjects: true } };
}

let tokenSequence = 0;

/** Returns a new token string of the test token format, unique in this process. */
export function newTokenString(): string {
  tokenSequence += 1;
  return `pat-na1-${String(process.pid).padStart(8, '0')}-${String(tokenSequence).padStart(4, '0')}-test-000000000000`;
}
