import type { HubSpotConnection as ConnectionRecord, StoreModels, TokenCipher } from '@oniva-hubspot/store';
import type { HydratedDocument, UpdateQuery } from 'mongoose';

import { connectionNotFound } from '../../errors.js';
import type { HubSpotCredentials } from '../../hubspot/port.js';
import { isoOrUndefined } from '../../http/common-schemas.js';
import { plainRecord } from '../shared/plain-record.js';
import type { ConnectionResponse, ConnectionWarning } from './schemas.js';

/** A stored connection document. */
export type ConnectionDocument = HydratedDocument<ConnectionRecord>;

/**
 * Returns the account's connection unless it is missing or deleted; throws the 404 otherwise.
 * With `withToken` the encrypted token is selected too (it is left out of queries by default).
 */
export async function findLiveConnection(
  models: StoreModels,
  accountId: string,
  options: { withToken?: boolean } = {},
): Promise<ConnectionDocument> {
  const query = models.Connection.findOne({ accountId, deletedAt: { $exists: false } });
  const connection = await (options.withToken === true ? query.select('+token') : query);
  if (connection === null) {
    throw connectionNotFound(accountId);
  }
  return connection;
}

/**
 * Applies `update` to the account's live connection and returns the document afterwards; throws
 * the 404 when no live connection matched. It updates and reads in two steps because FerretDB 1.x
 * rejects the projection that mongoose adds to `findOneAndUpdate` for the unselected token.
 */
export async function updateLiveConnection(
  models: StoreModels,
  accountId: string,
  update: UpdateQuery<ConnectionRecord>,
): Promise<ConnectionDocument> {
  const result = await models.Connection.updateOne({ accountId, deletedAt: { $exists: false } }, update, {
    runValidators: true,
  });
  if (result.matchedCount === 0) {
    throw connectionNotFound(accountId);
  }
  return findLiveConnection(models, accountId);
}

/** Decrypts the stored token; throws when the connection has none (a deleted connection). */
export function credentialsOf(connection: ConnectionDocument, cipher: TokenCipher): HubSpotCredentials {
  if (connection.token === undefined || connection.token === null) {
    throw connectionNotFound(connection.accountId);
  }
  return {
    accessToken: cipher.decryptToken(connection.token),
    portalId: connection.portalId,
    appId: connection.appId ?? 0,
    timeZone: connection.portalTimeZone,
  };
}

/** Returns the status mapping as a plain object. */
export function statusMappingOf(connection: ConnectionRecord): Record<string, string> {
  return plainRecord<string>(connection.statusMapping);
}

/** Builds the response body of a connection, without the token. */
export function toConnectionResponse(
  connection: ConnectionRecord,
  extras: { warnings?: ConnectionWarning[]; replayedParkedRecords?: number } = {},
): ConnectionResponse {
  const health = connection.health ?? { state: 'unknown' };
  return {
    accountId: connection.accountId,
    portalId: connection.portalId,
    ...(connection.appId === undefined || connection.appId === null ? {} : { appId: connection.appId }),
    token: { fingerprint: connection.tokenFingerprint ?? '', last4: connection.tokenLast4 ?? '' },
    scopes: [...connection.scopes],
    features: {
      contactImport: connection.features.contactImport,
      marketingEvents: connection.features.marketingEvents,
      customObjects: connection.features.customObjects,
    },
    statusMapping: statusMappingOf(connection) as ConnectionResponse['statusMapping'],
    ...(connection.portalTimeZone ? { portalTimeZone: connection.portalTimeZone } : {}),
    health: {
      state: health.state,
      ...(health.code ? { code: health.code } : {}),
      ...(health.message ? { message: health.message } : {}),
      ...(health.fix ? { fix: health.fix } : {}),
      ...(health.since ? { since: isoOrUndefined(health.since) } : {}),
      ...(health.checkedAt ? { checkedAt: isoOrUndefined(health.checkedAt) } : {}),
    },
    ...(connection.lastError
      ? {
          lastError: {
            code: connection.lastError.code,
            message: connection.lastError.message,
            at: connection.lastError.at.toISOString(),
          },
        }
      : {}),
    createdAt: connection.createdAt.toISOString(),
    updatedAt: connection.updatedAt.toISOString(),
    ...(extras.warnings && extras.warnings.length > 0 ? { warnings: extras.warnings } : {}),
    ...(extras.replayedParkedRecords === undefined
      ? {}
      : { replayedParkedRecords: extras.replayedParkedRecords }),
  };
}
