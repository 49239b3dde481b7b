import { ApiError } from '../errors.js';
import { describeMissingScopes, type Feature, SCHEMA_WRITE_SCOPE, SCOPES_FIX } from './features.js';
import type { TokenCheck } from './token-check.js';

/**
 * Returns every missing scope per feature, including `crm.schemas.custom.write` for custom objects
 * when their schema does not exist yet, with the reason for that extra scope.
 */
export function requiredButMissingScopes(check: TokenCheck): {
  missingScopes: Partial<Record<Feature, string[]>>;
  schemaNote: string | undefined;
} {
  const missingScopes = { ...check.missingScopes };
  const customObjects = check.customObjects;
  if (customObjects?.state !== 'schema-missing' || customObjects.canCreate) {
    return { missingScopes, schemaNote: undefined };
  }

  missingScopes.customObjects = [...(missingScopes.customObjects ?? []), SCHEMA_WRITE_SCOPE];
  const schemaNote =
    `${SCHEMA_WRITE_SCOPE} is needed because the custom object schema "${customObjects.schemaName}" ` +
    `does not exist in portal ${check.inspection.portalId} yet and the connector has to create it; ` +
    'alternatively create that schema in HubSpot first.';
  return { missingScopes, schemaNote };
}

/**
 * Throws the 422 that explains why a token cannot serve the enabled features: missing scopes per
 * feature (all of them at once), or custom objects that the portal's subscription lacks.
 */
export function assertTokenCoversFeatures(check: TokenCheck): void {
  const { missingScopes, schemaNote } = requiredButMissingScopes(check);
  if (Object.keys(missingScopes).length > 0) {
    const message =
      `The access token of portal ${check.inspection.portalId} lacks scopes for the enabled features: ` +
      `${describeMissingScopes(missingScopes)}.${schemaNote === undefined ? '' : ` ${schemaNote}`} ${SCOPES_FIX}`;
    throw new ApiError('API_HUBSPOT_MISSING_SCOPES', message, {
      details: {
        portalId: check.inspection.portalId,
        missingScopes,
        grantedScopes: check.inspection.scopes,
        ...(schemaNote === undefined ? {} : { customObjectSchema: schemaNote }),
      },
    });
  }

  if (check.customObjects?.state === 'tier-unavailable') {
    throw new ApiError(
      'API_HUBSPOT_CUSTOM_OBJECTS_UNAVAILABLE',
      `Custom objects are not available: ${check.customObjects.detail}. Custom objects need a HubSpot ` +
        'Enterprise subscription: upgrade the portal, or set features.customObjects to false.',
      { details: { portalId: check.inspection.portalId, feature: 'customObjects' } },
    );
  }
}
