import { isDuplicateKeyError, tokenFingerprint, tokenLast4 } from '@oniva-hubspot/store';

import type { AppDependencies } from '../../deps.js';
import { type FeatureSet } from '../../domain/features.js';
import { DEFAULT_STATUS_MAPPING, type StatusMapping } from '../../domain/status-mapping.js';
import { checkToken, type TokenCheck } from '../../domain/token-check.js';
import { assertTokenCoversFeatures } from '../../domain/token-requirements.js';
import { ApiError } from '../../errors.js';
import { callHubSpot } from '../../hubspot/errors.js';
import { announceChange } from '../shared/announce.js';
import type { RequestContext } from '../shared/context.js';
import {
  credentialsOf,
  findLiveConnection,
  toConnectionResponse,
  updateLiveConnection,
} from './connection-records.js';
import type { ConnectionResponse, ConnectionWarning } from './schemas.js';

/**
 * Validates the token and features with HubSpot and stores the account's connection. A deleted
 * connection of the account is replaced; a live one makes this fail with 409.
 */
export async function createConnection(
  context: RequestContext,
  accountId: string,
  body: { accessToken: string; features: FeatureSet; statusMapping?: StatusMapping | undefined },
): Promise<ConnectionResponse> {
  const { deps } = context;
  const existing = await deps.models.Connection.findOne({ accountId }).select('deletedAt');
  if (existing !== null && !existing.deletedAt) {
    throw connectionExists(accountId);
  }

  const check = await validateToken(context, body.accessToken, body.features, { kind: 'request' });
  const fields = {
    ...tokenFields(deps, body.accessToken, check),
    features: body.features,
    statusMapping: body.statusMapping ?? { ...DEFAULT_STATUS_MAPPING },
  };

  try {
    if (existing === null) {
      await deps.models.Connection.create({ accountId, ...fields });
    } else {
      const replaced = await deps.models.Connection.updateOne(
        { accountId, deletedAt: { $exists: true } },
        { $set: fields, $unset: { deletedAt: 1, lastError: 1 } },
        { runValidators: true },
      );
      if (replaced.matchedCount === 0) {
        // Another request re-created the deleted connection between the read and the update.
        throw connectionExists(accountId);
      }
    }
  } catch (error) {
    throw isDuplicateKeyError(error) ? connectionExists(accountId) : error;
  }
  const connection = await findLiveConnection(deps.models, accountId);

  context.log.info(
    { accountId, portalId: check.inspection.portalId, features: body.features },
    'connection created',
  );
  const warning = await announceChange(deps.messaging, context.log, accountId, 'connection.created');
  return toConnectionResponse(connection, { warnings: warning ? [warning] : [] });
}

/**
 * Replaces the connection's token after validating it like a new one. A token of another portal
 * is rejected. A token of another app is accepted with a warning, because marketing events that
 * the previous app created can then be reached only by their object id.
 */
export async function rotateToken(
  context: RequestContext,
  accountId: string,
  accessToken: string,
): Promise<ConnectionResponse> {
  const { deps } = context;
  const connection = await findLiveConnection(deps.models, accountId, { withToken: true });
  const features = featuresOf(connection);
  const check = await validateToken(context, accessToken, features, { kind: 'request' }, connection.portalId);

  const warnings: ConnectionWarning[] = [];
  const previousAppId = connection.appId;
  if (previousAppId !== undefined && previousAppId !== null && previousAppId !== check.inspection.appId) {
    context.log.warn(
      { accountId, previousAppId, appId: check.inspection.appId },
      'token of another HubSpot app',
    );
    warnings.push({
      code: 'TOKEN_APP_CHANGED',
      message:
        `The new token belongs to HubSpot app ${check.inspection.appId}, the previous one to app ${previousAppId}. ` +
        'HubSpot lets only the creating app address marketing events by external id, so the events the previous app ' +
        'created are updated through their stored object ids from now on. To keep full access, use a token of the previous app.',
    });
  }

  const previousToken = safeDecrypt(context, connection);
  const updated = await updateLiveConnection(deps.models, accountId, {
    $set: tokenFields(deps, accessToken, check),
    $unset: { lastError: 1 },
  });
  if (previousToken !== undefined) {
    deps.hubspot.forget(previousToken);
  }

  context.log.info(
    { accountId, portalId: updated.portalId, appId: updated.appId },
    'connection token rotated',
  );
  const announceWarning = await announceChange(deps.messaging, context.log, accountId, 'connection.updated');
  const replay = await replayAfterFix(context, accountId);
  return toConnectionResponse(updated, {
    warnings: [...warnings, ...(announceWarning ? [announceWarning] : []), ...replay.warnings],
    replayedParkedRecords: replay.count,
  });
}

/**
 * Switches features on or off. Switching one on checks the stored token's scopes with HubSpot
 * first; switching off needs no check.
 */
export async function updateFeatures(
  context: RequestContext,
  accountId: string,
  changes: Partial<FeatureSet>,
): Promise<ConnectionResponse> {
  const { deps } = context;
  const connection = await findLiveConnection(deps.models, accountId, { withToken: true });
  const current = featuresOf(connection);
  const next: FeatureSet = { ...current, ...stripUndefined(changes) };
  if (!Object.values(next).some(Boolean)) {
    throw new ApiError(
      'API_VALIDATION_FAILED',
      'Invalid request. body: switching off every feature would leave an unused connection; delete the connection instead.',
      { details: { issues: [{ field: 'body', message: 'expected at least one feature to stay enabled' }] } },
    );
  }

  const switchedOn = (Object.keys(next) as (keyof FeatureSet)[]).some(
    (feature) => next[feature] && !current[feature],
  );
  let set: Record<string, unknown> = { features: next };
  if (switchedOn) {
    const credentials = credentialsOf(connection, deps.cipher);
    const check = await validateToken(context, credentials.accessToken, next, { kind: 'stored', accountId });
    set = { ...set, scopes: check.inspection.scopes, ...healthyFields(deps.now()) };
  }

  const updated = await updateLiveConnection(deps.models, accountId, { $set: set });

  context.log.info({ accountId, features: next }, 'connection features updated');
  const warning = await announceChange(deps.messaging, context.log, accountId, 'connection.updated');
  const replay = switchedOn ? await replayAfterFix(context, accountId) : { count: undefined, warnings: [] };
  return toConnectionResponse(updated, {
    warnings: [...(warning ? [warning] : []), ...replay.warnings],
    replayedParkedRecords: replay.count,
  });
}

/** Replaces the status mapping (already validated to cover every known Oniva status). */
export async function updateStatusMapping(
  context: RequestContext,
  accountId: string,
  statusMapping: StatusMapping,
): Promise<ConnectionResponse> {
  const { deps } = context;
  const updated = await updateLiveConnection(deps.models, accountId, { $set: { statusMapping } });
  context.log.info({ accountId }, 'status mapping updated');
  const warning = await announceChange(deps.messaging, context.log, accountId, 'status-mapping.changed');
  return toConnectionResponse(updated, { warnings: warning ? [warning] : [] });
}

/**
 * Deletes the connection: the encrypted token is erased and `deletedAt` set, which stops every
 * sink from syncing the account. Activations, import history and sync status stay readable.
 */
export async function deleteConnection(context: RequestContext, accountId: string): Promise<void> {
  const { deps } = context;
  const connection = await findLiveConnection(deps.models, accountId, { withToken: true });
  const token = safeDecrypt(context, connection);

  await deps.models.Connection.updateOne(
    { accountId, deletedAt: { $exists: false } },
    { $set: { deletedAt: deps.now(), 'health.state': 'unknown' }, $unset: { token: 1 } },
  );
  if (token !== undefined) {
    deps.hubspot.forget(token);
  }
  context.log.info({ accountId }, 'connection deleted');
  await announceChange(deps.messaging, context.log, accountId, 'connection.deleted');
}

async function validateToken(
  context: RequestContext,
  accessToken: string,
  features: FeatureSet,
  source: { kind: 'request' } | { kind: 'stored'; accountId: string },
  expectedPortalId?: number,
): Promise<TokenCheck> {
  const { deps } = context;
  const check = await callHubSpot(source, () =>
    checkToken(deps.hubspot, { accessToken, features, customObjectName: deps.config.CUSTOM_OBJECT_NAME }),
  );
  if (expectedPortalId !== undefined && check.inspection.portalId !== expectedPortalId) {
    throw new ApiError(
      'API_HUBSPOT_PORTAL_MISMATCH',
      `The new token belongs to HubSpot portal ${check.inspection.portalId}, but the connection syncs portal ` +
        `${expectedPortalId}. Send a token of portal ${expectedPortalId}, or delete the connection and create a new one to switch portals.`,
      { details: { portalId: check.inspection.portalId, expectedPortalId } },
    );
  }
  assertTokenCoversFeatures(check);
  return check;
}

function tokenFields(deps: AppDependencies, accessToken: string, check: TokenCheck) {
  return {
    portalId: check.inspection.portalId,
    appId: check.inspection.appId,
    token: deps.cipher.encryptToken(accessToken),
    tokenFingerprint: tokenFingerprint(accessToken),
    tokenLast4: tokenLast4(accessToken),
    scopes: check.inspection.scopes,
    portalTimeZone: check.details.timeZone,
    ...healthyFields(deps.now()),
  };
}

function healthyFields(now: Date) {
  return { health: { state: 'healthy' as const, since: now, checkedAt: now } };
}

function featuresOf(connection: { features: FeatureSet }): FeatureSet {
  return {
    contactImport: connection.features.contactImport,
    marketingEvents: connection.features.marketingEvents,
    customObjects: connection.features.customObjects,
  };
}

function stripUndefined(changes: Partial<FeatureSet>): Partial<FeatureSet> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
}

function connectionExists(accountId: string): ApiError {
  return new ApiError(
    'API_CONNECTION_EXISTS',
    `Account "${accountId}" already has a HubSpot connection. Rotate its token with PUT /v1/accounts/${accountId}/connection/token, ` +
      'or delete it first.',
  );
}

// A token that cannot be decrypted, because its key was removed from the configuration, is still
// replaced or erased. Only the gateway's client cache keeps it until the process restarts.
function safeDecrypt(
  context: RequestContext,
  connection: Parameters<typeof credentialsOf>[0],
): string | undefined {
  try {
    return credentialsOf(connection, context.deps.cipher).accessToken;
  } catch (error) {
    context.log.warn({ err: error, accountId: connection.accountId }, 'stored token could not be decrypted');
    return undefined;
  }
}

/** Replays parked records after a fix; a failure is logged and reported as a warning. */
async function replayAfterFix(
  context: RequestContext,
  accountId: string,
): Promise<{ count: number | undefined; warnings: ConnectionWarning[] }> {
  try {
    const count = await context.deps.replayParked(accountId);
    if (count > 0) {
      context.log.info({ accountId, count }, 'parked records replayed after connection fix');
    }
    return { count, warnings: [] };
  } catch (error) {
    context.log.error({ err: error, accountId }, 'replaying parked records failed');
    return {
      count: undefined,
      warnings: [
        {
          code: 'PARKED_REPLAY_FAILED',
          message: `Parked records could not be replayed; retry with POST /v1/accounts/${accountId}/sync/parked/replay.`,
        },
      ],
    };
  }
}
