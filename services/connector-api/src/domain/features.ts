/**
 * Connection features and the HubSpot scopes each one needs, as Oniva's help page lists them.
 * The connector checks a token's granted scopes against these lists when a connection is created,
 * its token rotated or its features changed, and in diagnostics.
 */
export const FEATURES = ['contactImport', 'marketingEvents', 'customObjects'] as const;

/** A feature of a connection. */
export type Feature = (typeof FEATURES)[number];

/** Enabled state of each feature. */
export type FeatureSet = Record<Feature, boolean>;

/** Scopes a token needs for each feature. */
export const REQUIRED_SCOPES: Readonly<Record<Feature, readonly string[]>> = Object.freeze({
  contactImport: ['crm.lists.read', 'crm.schemas.contacts.read', 'crm.objects.contacts.read'],
  marketingEvents: [
    'crm.objects.contacts.write',
    'crm.objects.marketing_events.read',
    'crm.objects.marketing_events.write',
  ],
  customObjects: ['crm.schemas.custom.read', 'crm.objects.custom.read', 'crm.objects.custom.write'],
});

/** Scope that lets the connector create its custom object schema when the portal has none yet. */
export const SCHEMA_WRITE_SCOPE = 'crm.schemas.custom.write';

/** Human-readable feature names, as Oniva's connection dialog shows them. */
export const FEATURE_LABELS: Readonly<Record<Feature, string>> = Object.freeze({
  contactImport: 'contact import',
  marketingEvents: 'Marketing Events sync',
  customObjects: 'Custom Objects (personal event links)',
});

/** Returns the enabled features of `features` in the order of `FEATURES`. */
export function enabledFeatures(features: FeatureSet): Feature[] {
  return FEATURES.filter((feature) => features[feature]);
}

/**
 * Returns, for each enabled feature that lacks scopes, the scopes that `granted` misses. Features
 * that are switched off or fully granted are left out, so an empty object means "all granted".
 */
export function missingScopesByFeature(
  features: FeatureSet,
  granted: readonly string[],
): Partial<Record<Feature, string[]>> {
  const grantedSet = new Set(granted);
  const missing: Partial<Record<Feature, string[]>> = {};
  for (const feature of enabledFeatures(features)) {
    const absent = REQUIRED_SCOPES[feature].filter((scope) => !grantedSet.has(scope));
    if (absent.length > 0) {
      missing[feature] = absent;
    }
  }
  return missing;
}

/** Formats missing scopes as `Marketing Events sync: crm.objects.contacts.write, …; …`. */
export function describeMissingScopes(missing: Partial<Record<Feature, string[]>>): string {
  return FEATURES.filter((feature) => missing[feature] !== undefined)
    .map((feature) => `${FEATURE_LABELS[feature]} needs ${(missing[feature] ?? []).join(', ')}`)
    .join('; ');
}

/** Where a person adds scopes to a private app, as HubSpot's settings show it. */
export const SCOPES_FIX =
  'Add the missing scopes in HubSpot under Settings → Integrations → Private Apps → your app → Scopes, ' +
  'then send the request again (with the new token if HubSpot shows one).';
