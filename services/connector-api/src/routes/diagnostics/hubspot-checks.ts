import { isHubSpotError } from '@oniva-hubspot/hubspot-gateway';

import type { AppDependencies } from '../../deps.js';
import {
  FEATURE_LABELS,
  FEATURES,
  type Feature,
  type FeatureSet,
  SCOPES_FIX,
} from '../../domain/features.js';
import { checkToken, type TokenCheck } from '../../domain/token-check.js';
import { requiredButMissingScopes } from '../../domain/token-requirements.js';
import type { HubSpotCredentials } from '../../hubspot/port.js';
import { finding, pass, skip, type CheckResult } from './result.js';

const TOKEN_LOCATION = 'HubSpot → Settings → Integrations → Private Apps → your app → Auth';

/** Symptom of a missing scope per feature, as Oniva's troubleshooting page words it. */
const SYMPTOMS: Readonly<Record<Feature, string>> = {
  contactImport: 'HubSpot is not offered as a source for contact or account imports',
  marketingEvents: 'event data is not transferred to HubSpot',
  customObjects: 'personal event links do not appear in HubSpot',
};

/**
 * Checks the stored token live: HubSpot accepts it, it has every enabled feature's scopes, and
 * custom objects are usable. Returns one result per check, and the token check when HubSpot responded.
 */
export async function checkTokenAndScopes(
  deps: AppDependencies,
  input: { accountId: string; credentials: HubSpotCredentials; features: FeatureSet },
): Promise<{ results: CheckResult[]; tokenCheck: TokenCheck | undefined }> {
  let tokenCheck: TokenCheck;
  try {
    tokenCheck = await checkToken(deps.hubspot, {
      accessToken: input.credentials.accessToken,
      features: input.features,
      customObjectName: deps.config.CUSTOM_OBJECT_NAME,
    });
  } catch (error) {
    return {
      results: [
        tokenFailure(input.accountId, error),
        skip('scopes', 'Not checked: the token check did not pass.'),
      ],
      tokenCheck: undefined,
    };
  }

  const { missingScopes, schemaNote } = requiredButMissingScopes(tokenCheck);
  const results: CheckResult[] = [
    pass(
      'token',
      `HubSpot accepts the stored token (portal ${tokenCheck.inspection.portalId}, app ${tokenCheck.inspection.appId}).`,
      {
        portalId: tokenCheck.inspection.portalId,
        appId: tokenCheck.inspection.appId,
      },
    ),
  ];
  for (const feature of FEATURES) {
    results.push(
      scopeResult(
        feature,
        input.features,
        missingScopes[feature],
        feature === 'customObjects' ? schemaNote : undefined,
      ),
    );
  }
  results.push(customObjectsResult(tokenCheck, input.features));
  return { results, tokenCheck };
}

/** Checks today's API usage against the portal's daily limit. */
export async function checkDailyLimit(
  deps: AppDependencies,
  credentials: HubSpotCredentials,
): Promise<CheckResult> {
  const check = 'daily-limit';
  try {
    const usage = await deps.hubspot.getDailyUsage(credentials);
    if (usage === undefined) {
      return skip(check, 'HubSpot reported no daily usage for private apps.');
    }
    const details = {
      usageLimit: usage.usageLimit,
      currentUsage: usage.currentUsage,
      resetsAt: usage.resetsAt?.toISOString(),
    };
    const resets =
      usage.resetsAt === undefined ? 'midnight in the portal time zone' : usage.resetsAt.toISOString();
    if (usage.currentUsage >= usage.usageLimit) {
      return finding({
        check,
        status: 'fail',
        code: 'DAILY_LIMIT_REACHED',
        message: `The portal used ${usage.currentUsage} of its ${usage.usageLimit} daily API calls; HubSpot rejects further calls until ${resets}.`,
        fix: `Wait for the reset at ${resets}; parked records are replayed afterwards. An API Limit Increase pack raises the limit.`,
        details,
      });
    }
    if (usage.currentUsage >= usage.usageLimit * 0.9) {
      return finding({
        check,
        status: 'warn',
        code: 'DAILY_LIMIT_NEARLY_REACHED',
        message: `The portal used ${usage.currentUsage} of its ${usage.usageLimit} daily API calls.`,
        fix: `Calls stop when the limit is reached, until ${resets}. Reduce other integrations' calls or add an API Limit Increase pack.`,
        details,
      });
    }
    return pass(
      check,
      `The portal used ${usage.currentUsage} of its ${usage.usageLimit} daily API calls.`,
      details,
    );
  } catch (error) {
    if (isHubSpotError(error) && error.code === 'HUBSPOT_DAILY_LIMIT_REACHED') {
      const resets = error.resetsAt?.toISOString() ?? 'midnight in the portal time zone';
      return finding({
        check,
        status: 'fail',
        code: 'DAILY_LIMIT_REACHED',
        message: `HubSpot rejects calls because the portal reached its daily API limit; it resets at ${resets}.`,
        fix: `Wait for the reset at ${resets}; parked records are replayed afterwards. An API Limit Increase pack raises the limit.`,
      });
    }
    return skip(check, `Daily usage could not be read: ${describeError(error)}.`);
  }
}

function tokenFailure(accountId: string, error: unknown): CheckResult {
  if (isHubSpotError(error) && error.code === 'HUBSPOT_TOKEN_INVALID') {
    return finding({
      check: 'token',
      status: 'fail',
      code: 'TOKEN_INVALID',
      message:
        'HubSpot rejects the stored access token. The connection was working but stopped: a rotating token has most ' +
        'likely been rotated, or the private app was deleted.',
      fix:
        `Copy the current token from ${TOKEN_LOCATION} and send it with PUT /v1/accounts/${accountId}/connection/token. ` +
        'A static token avoids this, because it does not expire.',
      details: { hubspotStatus: error.status, hubspotCategory: error.category },
    });
  }
  if (isHubSpotError(error) && error.code === 'HUBSPOT_DAILY_LIMIT_REACHED') {
    return finding({
      check: 'token',
      status: 'fail',
      code: 'DAILY_LIMIT_REACHED',
      message:
        'HubSpot rejects calls because the portal reached its daily API limit, so the token could not be checked.',
      fix: `Wait for the reset at ${error.resetsAt?.toISOString() ?? 'midnight in the portal time zone'} and run the diagnostics again.`,
    });
  }
  return finding({
    check: 'token',
    status: 'warn',
    code: 'HUBSPOT_UNREACHABLE',
    message: `HubSpot could not be asked about the token: ${describeError(error)}.`,
    fix: 'Run the diagnostics again in a few minutes. If it persists, check HubSpot’s status page.',
  });
}

function scopeResult(
  feature: Feature,
  features: FeatureSet,
  missing: string[] | undefined,
  schemaNote: string | undefined,
): CheckResult {
  const check = `scopes.${feature}`;
  if (!features[feature]) {
    return skip(check, `${FEATURE_LABELS[feature]} is switched off.`);
  }
  if (missing === undefined) {
    return pass(check, `The token has every scope that ${FEATURE_LABELS[feature]} needs.`);
  }
  return finding({
    check,
    status: 'fail',
    code: 'MISSING_SCOPES',
    message:
      `${FEATURE_LABELS[feature]} is switched on but the token lacks ${missing.join(', ')}, so ${SYMPTOMS[feature]}.` +
      (schemaNote === undefined ? '' : ` ${schemaNote}`),
    fix: SCOPES_FIX,
    details: { feature, missingScopes: missing },
  });
}

function customObjectsResult(tokenCheck: TokenCheck, features: FeatureSet): CheckResult {
  const check = 'custom-objects';
  const status = tokenCheck.customObjects;
  if (!features.customObjects || status === undefined) {
    return skip(check, 'Custom Objects are switched off.');
  }
  switch (status.state) {
    case 'ready':
      return pass(check, `The custom object "${status.schemaName}" exists (${status.objectTypeId}).`);
    case 'not-checked':
      return skip(check, 'Not checked: the custom object scopes are missing.');
    case 'schema-missing':
      return status.canCreate
        ? pass(
            check,
            `The custom object "${status.schemaName}" does not exist yet; the connector creates it with the first personal link.`,
          )
        : finding({
            check,
            status: 'fail',
            code: 'CUSTOM_OBJECT_SCHEMA_MISSING',
            message: `The custom object "${status.schemaName}" does not exist and the token may not create it (crm.schemas.custom.write is missing).`,
            fix: `Add crm.schemas.custom.write to the private app's scopes, or create the custom object "${status.schemaName}" in HubSpot.`,
          });
    case 'tier-unavailable':
      return finding({
        check,
        status: 'fail',
        code: 'CUSTOM_OBJECTS_UNAVAILABLE',
        message: `Personal event links cannot be transferred: ${status.detail}. Custom objects need a HubSpot Enterprise subscription.`,
        fix: 'Upgrade the portal to HubSpot Enterprise, or switch off Custom Objects for this connection.',
      });
  }
}

function describeError(error: unknown): string {
  if (isHubSpotError(error)) {
    return `${error.code}${error.status === undefined ? '' : ` (status ${error.status})`}`;
  }
  return error instanceof Error ? error.message : String(error);
}
