import { isHubSpotError } from '@oniva-hubspot/hubspot-gateway';

import { LinkSinkError, type LinkSinkErrorKind } from '../errors.js';

/** Kind of a failure; the gateway's and the sink's errors share these values. */
export type FailureKind = LinkSinkErrorKind;

/**
 * Returns the kind of a failure. Gateway and sink errors carry their own kind. Anything else, such
 * as a bug, is retried, because the retry tiers end in the dead-letter topic and no link is dropped.
 */
export function failureKind(error: unknown): FailureKind {
  if (isHubSpotError(error) || error instanceof LinkSinkError) {
    return error.kind;
  }
  return 'retriable';
}

/** Returns the wait in milliseconds that a HubSpot failure requests before the next attempt. */
export function retryAfterMsOf(error: unknown): number | undefined {
  return isHubSpotError(error) ? error.retryAfterMs : undefined;
}

// HubSpot responds with 400 "Unable to infer object type from: <type>" to an object type it cannot
// resolve (https://github.com/HubSpot/hubspot-api-php/issues/128), and the sandbox does the same.
const UNKNOWN_OBJECT_TYPE = /unable to infer object type/i;

/**
 * Returns whether a record write failed because the custom object type does not exist (any
 * more) in the portal, which means the cached schema is stale.
 */
export function isUnknownObjectType(error: unknown): boolean {
  if (!isHubSpotError(error) || error.code !== 'HUBSPOT_VALIDATION_FAILED') {
    return false;
  }
  const body = error.responseBody as { message?: unknown } | undefined;
  const message = typeof body?.message === 'string' ? body.message : error.message;
  return UNKNOWN_OBJECT_TYPE.test(message);
}
