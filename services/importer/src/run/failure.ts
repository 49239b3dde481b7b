import { isHubSpotError, type HubSpotError, type HubSpotErrorCode } from '@oniva-hubspot/hubspot-gateway';

import { ImporterError, isImporterError, type ImporterErrorCode } from '../errors.js';

/** Failure of a run, as stored on the ImportRun and published on the status topic. */
export interface RunFailure {
  /** An importer code, or the gateway's code for a HubSpot connection failure (e.g. `HUBSPOT_TOKEN_INVALID`). */
  code: ImporterErrorCode | HubSpotErrorCode;
  /** Description of what failed and of the customer's or operator's next step. */
  message: string;
}

/** Description of a HubSpot connection failure: the problem and the customer's fix. */
export interface ConnectionDiagnosis {
  code: HubSpotErrorCode;
  problem: string;
  fix: string;
}

/** Scopes contact import needs, from Oniva's HubSpot help page. */
export const CONTACT_IMPORT_SCOPES = [
  'crm.lists.read',
  'crm.objects.contacts.read',
  'crm.schemas.contacts.read',
];

/** List and portal of the failed run, named in the message. */
export interface FailureContext {
  listId: string;
  portalId?: number | undefined;
}

/** Turns the error that ended a run into the failure a person reads. */
export function runFailureOf(error: unknown, context: FailureContext): RunFailure {
  if (isImporterError(error)) {
    return { code: error.code, message: error.message };
  }
  if (isHubSpotError(error)) {
    return hubspotFailure(error, context);
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: 'IMPORTER_ERR_UNEXPECTED',
    message: `The import stopped on an unexpected error: ${message}. Check the importer logs, then start the import again`,
  };
}

/** Wraps a HubSpot error that stopped a page after every attempt. */
export function unavailableError(error: HubSpotError, attempts: number, page: number): ImporterError {
  return new ImporterError(
    'IMPORTER_ERR_HUBSPOT_UNAVAILABLE',
    `HubSpot kept failing while reading page ${page + 1} of the list (${attempts} attempts, last error ${error.code}: ${shorten(error.message)}); start the import again later`,
    { cause: error },
  );
}

/**
 * Describes a connection-level HubSpot failure (token, scopes, access, daily limit), or returns
 * undefined for any other error. Every call of the connection fails the same way until the fix
 * is applied, so the connection is marked unhealthy with this diagnosis.
 */
export function diagnoseConnectionFailure(
  error: unknown,
  portalId?: number,
): ConnectionDiagnosis | undefined {
  if (!isHubSpotError(error) || error.kind !== 'connection') {
    return undefined;
  }
  const portal = portalId === undefined ? 'the portal' : `portal ${portalId}`;
  switch (error.code) {
    case 'HUBSPOT_TOKEN_INVALID':
      return {
        code: error.code,
        problem: `HubSpot rejected the access token of ${portal} (401): it is invalid, was rotated or its app was deleted`,
        fix: 'Update the token under App connections, then start the import again',
      };
    case 'HUBSPOT_MISSING_SCOPES':
      return {
        code: error.code,
        problem:
          `The access token lacks a scope this import needs (HubSpot asks for one of: ${(error.requiredScopes ?? []).join(', ') || 'unknown'}; ` +
          `contact import needs ${CONTACT_IMPORT_SCOPES.join(', ')})`,
        fix:
          'Add the scopes to the private app in HubSpot under Settings → Integrations → Private Apps, ' +
          'update the token under App connections, then start the import again',
      };
    case 'HUBSPOT_DAILY_LIMIT_REACHED':
      return {
        code: error.code,
        problem: `${capitalize(portal)} used up its daily HubSpot API limit; it resets at ${error.resetsAt?.toISOString() ?? 'midnight in the portal time zone'}`,
        fix: 'Start the import again after the reset',
      };
    default:
      return {
        code: error.code,
        problem: `HubSpot refused access to ${portal} (${error.code}: ${shorten(error.message)})`,
        fix: 'Check the private app and the portal subscription in HubSpot, then start the import again',
      };
  }
}

function hubspotFailure(error: HubSpotError, context: FailureContext): RunFailure {
  const diagnosis = diagnoseConnectionFailure(error, context.portalId);
  if (diagnosis !== undefined) {
    return { code: diagnosis.code, message: `${diagnosis.problem}. ${diagnosis.fix}` };
  }
  if (error.code === 'HUBSPOT_NOT_FOUND') {
    const portal = context.portalId === undefined ? 'the portal' : `portal ${context.portalId}`;
    return {
      code: 'IMPORTER_ERR_LIST_NOT_FOUND',
      message: `HubSpot list ${context.listId} was not found in ${portal}; choose an existing list and start the import again`,
    };
  }
  if (error.kind === 'retriable') {
    return {
      code: 'IMPORTER_ERR_HUBSPOT_UNAVAILABLE',
      message: `HubSpot kept failing (${error.code}: ${shorten(error.message)}); start the import again later`,
    };
  }
  return {
    code: 'IMPORTER_ERR_HUBSPOT_REJECTED',
    message: `HubSpot rejected a call of the import (${error.code}: ${shorten(error.message)}); check the list and the field mapping, then start the import again`,
  };
}

// Errors retried in the gateway repeat every attempt's message, so the failure keeps the start only.
function shorten(message: string, maxLength = 300): string {
  return message.length <= maxLength ? message : `${message.slice(0, maxLength - 1)}…`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
