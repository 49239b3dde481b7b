import { DateTime } from 'luxon';

/** Scopes a token needs for the marketing events export. */
export const MARKETING_EVENTS_SCOPES = Object.freeze([
  'crm.objects.marketing_events.read',
  'crm.objects.marketing_events.write',
  'crm.objects.contacts.write',
]);

/** Gateway code of the daily-limit failure; the only connection failure that heals by itself. */
export const DAILY_LIMIT_CODE = 'HUBSPOT_DAILY_LIMIT_REACHED';

/** A connection-level HubSpot failure as the gateway reports it. */
export interface ConnectionFailure {
  code: string;
  message: string;
  requiredScopes?: readonly string[] | undefined;
  resetsAt?: Date | undefined;
}

/** Diagnosis stored in the connection's health: the failure and how a person fixes it. */
export interface ConnectionDiagnosis {
  code: string;
  message: string;
  fix: string;
}

/** Turns a connection-level failure into the health diagnosis stored on the connection. */
export function diagnoseConnectionFailure(failure: ConnectionFailure): ConnectionDiagnosis {
  return { code: failure.code, message: failure.message, fix: fixFor(failure) };
}

function fixFor(failure: ConnectionFailure): string {
  switch (failure.code) {
    case 'HUBSPOT_TOKEN_INVALID':
      return (
        'The access token is invalid, rotated or expired. Copy the current token of the private app in HubSpot ' +
        '(Settings > Integrations > Private Apps > your app > Auth) and update it in Oniva under App connections; ' +
        'parked records are replayed once the new token is saved.'
      );
    case 'HUBSPOT_MISSING_SCOPES': {
      const scopes = failure.requiredScopes?.length ? failure.requiredScopes : MARKETING_EVENTS_SCOPES;
      return (
        `Add the scopes ${scopes.join(', ')} to the private app in HubSpot (Settings > Integrations > Private Apps > ` +
        'your app > Scopes), then update the token in Oniva; parked records are replayed afterwards.'
      );
    }
    case DAILY_LIMIT_CODE: {
      const when =
        failure.resetsAt === undefined
          ? 'at midnight in the portal time zone'
          : `at ${failure.resetsAt.toISOString()}`;
      return `HubSpot's daily API limit of the portal is used up. Transfers resume by themselves ${when}, or sooner after adding an API limit increase in HubSpot.`;
    }
    default:
      return 'Check the private app and its permissions in HubSpot, then update the token in Oniva; parked records are replayed afterwards.';
  }
}

/**
 * Returns when the daily limit that was reached at `since` resets: the next midnight in the
 * portal's time zone (UTC when unknown or invalid), as HubSpot resets the daily counter then.
 */
export function dailyLimitResetsAt(since: Date, portalTimeZone: string | undefined): Date {
  const zoned = DateTime.fromJSDate(since, { zone: portalTimeZone ?? 'UTC' });
  const local = zoned.isValid ? zoned : DateTime.fromJSDate(since, { zone: 'UTC' });
  return local.startOf('day').plus({ days: 1 }).toJSDate();
}

/**
 * Returns whether an unhealthy connection may be used again without a person's action: only a
 * reached daily limit heals, once its reset time has passed.
 */
export function hasDailyLimitReset(
  health: { code: string | undefined; since: Date | undefined },
  portalTimeZone: string | undefined,
  now: Date,
): boolean {
  if (health.code !== DAILY_LIMIT_CODE || health.since === undefined) {
    return false;
  }
  return now.getTime() >= dailyLimitResetsAt(health.since, portalTimeZone).getTime();
}
