import { isHubSpotError, type HubSpotError } from '@oniva-hubspot/hubspot-gateway';

import { ApiError } from '../errors.js';

/**
 * Where the token of a failed call came from: `request` when the caller just sent it (create,
 * rotate), `stored` when the API used the connection's saved token.
 */
export type TokenSource = { kind: 'request' } | { kind: 'stored'; accountId: string };

const TOKEN_LOCATION = 'HubSpot → Settings → Integrations → Private Apps → your app → Auth';

/**
 * Turns a failure of a HubSpot call into the API error to send; errors that are not from the
 * gateway are returned unchanged. Messages name HubSpot's status, category and correlation id,
 * never the token.
 */
export function fromHubSpotError(error: unknown, source: TokenSource, now: Date = new Date()): unknown {
  if (!isHubSpotError(error)) {
    return error;
  }
  const reference = describeReference(error);

  switch (error.code) {
    case 'HUBSPOT_TOKEN_INVALID':
      return new ApiError('API_HUBSPOT_TOKEN_REJECTED', tokenRejectedMessage(source, reference), {
        cause: error,
        details: { hubspotStatus: error.status, hubspotCategory: error.category },
      });
    case 'HUBSPOT_MISSING_SCOPES':
      return new ApiError(
        'API_HUBSPOT_MISSING_SCOPES',
        `HubSpot refused ${error.operation ?? 'the call'} because the token lacks a scope; any one of ` +
          `${(error.requiredScopes ?? []).join(', ') || 'the scopes HubSpot names'} is required (${reference}). ` +
          'Add it under HubSpot → Settings → Integrations → Private Apps → your app → Scopes.',
        { cause: error, details: { requiredScopes: error.requiredScopes ?? [] } },
      );
    case 'HUBSPOT_CUSTOM_OBJECTS_UNAVAILABLE':
      return new ApiError(
        'API_HUBSPOT_CUSTOM_OBJECTS_UNAVAILABLE',
        `HubSpot refused custom objects for this portal (${reference}). Custom objects need a HubSpot Enterprise subscription.`,
        { cause: error },
      );
    case 'HUBSPOT_DAILY_LIMIT_REACHED':
      return dailyLimitError(error, reference, now);
    default:
      break;
  }

  const retryAfterSeconds =
    error.retryAfterMs === undefined ? undefined : Math.ceil(error.retryAfterMs / 1000);
  const advice =
    error.kind === 'retriable'
      ? 'Try again later.'
      : 'Check the request; repeating it unchanged will fail again.';
  return new ApiError(
    'API_HUBSPOT_UNAVAILABLE',
    `HubSpot call ${error.operation ?? ''} failed with ${error.code} (${reference}). ${advice}`.replace(
      '  ',
      ' ',
    ),
    {
      cause: error,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      details: {
        hubspotCode: error.code,
        hubspotStatus: error.status,
        retriable: error.kind === 'retriable',
      },
    },
  );
}

/** Runs `call` and rethrows its HubSpot failure as the matching API error. */
export async function callHubSpot<T>(source: TokenSource, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw fromHubSpotError(error, source);
  }
}

function tokenRejectedMessage(source: TokenSource, reference: string): string {
  if (source.kind === 'request') {
    return (
      `HubSpot rejected the access token (${reference}): it is invalid, expired or was rotated. ` +
      `Copy the current token from ${TOKEN_LOCATION} and send it again.`
    );
  }
  return (
    `HubSpot rejected the connection's stored access token (${reference}); a rotating token has most likely been ` +
    `rotated. Copy the current token from ${TOKEN_LOCATION} and send it with ` +
    `PUT /v1/accounts/${source.accountId}/connection/token.`
  );
}

function dailyLimitError(error: HubSpotError, reference: string, now: Date): ApiError {
  const resetsAt = error.resetsAt;
  const retryAfterSeconds =
    resetsAt === undefined ? undefined : Math.max(1, Math.ceil((resetsAt.getTime() - now.getTime()) / 1000));
  return new ApiError(
    'API_HUBSPOT_DAILY_LIMIT_REACHED',
    `The portal used up its daily HubSpot API limit (${reference}). Calls work again after ` +
      `${resetsAt?.toISOString() ?? 'midnight in the portal time zone'}; an API Limit Increase pack raises the limit.`,
    {
      cause: error,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      details: { resetsAt: resetsAt?.toISOString() },
    },
  );
}

function describeReference(error: HubSpotError): string {
  const parts = [
    error.status === undefined ? undefined : `status ${error.status}`,
    error.category,
    error.correlationId === undefined ? undefined : `correlation id ${error.correlationId}`,
  ].filter((part): part is string => part !== undefined);
  return parts.length > 0 ? parts.join(', ') : error.code;
}
