import { isHubSpotError } from '@oniva-hubspot/hubspot-gateway';

import { LinkSinkError, type LinkSinkErrorKind } from '../errors.js';

/** How to react to a failure: the gateway's and the sink's kinds share these values. */
export type FailureKind = LinkSinkErrorKind;

/**
 * Returns the kind of a failure. Gateway and sink errors carry their own kind; anything else (a
 * bug, an unexpected exception) is retried, because the retry tiers end in the dead-letter topic
 * and a link must never be dropped.
 */
export function failureKind(error: unknown): FailureKind {
  if (isHubSpotError(error) || error instanceof LinkSinkError) {
    return error.kind;
  }
  return 'retriable';
}

/** Returns the wait in milliseconds that a HubSpot failure asks for before the next attempt. */
export function retryAfterMsOf(error: unknown): number | undefined {
  return isHubSpotError(error) ? error.retryAfterMs : undefined;
}

// HubSpot answers 400 "Unable to infer object type from: <type>" for an object type the portal
// does not have (reported for custom objects; the sandbox answers the same).
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
