import type { HubSpotConnection, HubSpotGateway } from '@oniva-hubspot/hubspot-gateway';
import type { ConnectionModel, TokenCipher } from '@oniva-hubspot/store';

import { ImporterError } from '../errors.js';

/** A HubSpot connection ready for calls, with what identifies the token in use. */
export interface OpenedConnection {
  hubspot: HubSpotConnection;
  portalId: number;
  /** First 16 hex characters of the token's SHA-256, to notice a token rotated through the API. */
  tokenFingerprint: string | undefined;
}

export interface OpenConnectionInput {
  Connection: ConnectionModel;
  cipher: TokenCipher;
  gateway: HubSpotGateway;
  accountId: string;
}

/**
 * Loads the account's HubSpot connection, decrypts its token and returns a gateway connection.
 * Throws `ImporterError` when the connection is missing or deleted, contact import is not enabled
 * on it, or its token cannot be decrypted.
 */
export async function openConnection(input: OpenConnectionInput): Promise<OpenedConnection> {
  const stored = await input.Connection.findOne({ accountId: input.accountId })
    .select('+token')
    .lean()
    .exec();
  if (stored === null || stored.token === undefined) {
    throw connectionMissing(input.accountId);
  }
  assertUsable(stored, input.accountId);

  let accessToken: string;
  try {
    accessToken = input.cipher.decryptToken(stored.token);
  } catch (error) {
    throw new ImporterError(
      'IMPORTER_ERR_TOKEN_UNREADABLE',
      `The stored HubSpot token of account ${input.accountId} cannot be decrypted (key "${stored.token.keyId}"); add that key back to TOKEN_ENCRYPTION_KEYS or update the token under App connections`,
      { cause: error },
    );
  }

  // NOTE: a connection stored without an app id shares the rate window of app 0 in its portal.
  const hubspot = input.gateway.connect({
    accessToken,
    portalId: stored.portalId,
    appId: stored.appId ?? 0,
    timeZone: stored.portalTimeZone,
  });
  return { hubspot, portalId: stored.portalId, tokenFingerprint: stored.tokenFingerprint };
}

/**
 * Checks that the account's connection still exists and still has contact import enabled, so a
 * run stops once the connection is deleted (which erases the token) or the feature is switched
 * off. Throws `ImporterError` `IMPORTER_ERR_CONNECTION_MISSING` or `IMPORTER_ERR_FEATURE_DISABLED`.
 */
export async function assertConnectionUsable(Connection: ConnectionModel, accountId: string): Promise<void> {
  const stored = await Connection.findOne({ accountId }, { deletedAt: 1, features: 1 }).lean().exec();
  if (stored === null) {
    throw connectionMissing(accountId);
  }
  assertUsable(stored, accountId);
}

function assertUsable(
  stored: { deletedAt?: Date | undefined; features: { contactImport: boolean } },
  accountId: string,
): void {
  if (stored.deletedAt !== undefined) {
    throw connectionMissing(accountId);
  }
  if (!stored.features.contactImport) {
    throw new ImporterError(
      'IMPORTER_ERR_FEATURE_DISABLED',
      `Contact import is not enabled on the HubSpot connection of account ${accountId}; enable it under App connections, then start the import again`,
    );
  }
}

function connectionMissing(accountId: string): ImporterError {
  return new ImporterError(
    'IMPORTER_ERR_CONNECTION_MISSING',
    `Account ${accountId} has no HubSpot connection; connect HubSpot under App connections, then start the import again`,
  );
}

/** Returns the token fingerprint now stored for the account, or undefined when there is none. */
export async function storedTokenFingerprint(
  Connection: ConnectionModel,
  accountId: string,
): Promise<string | undefined> {
  const stored = await Connection.findOne({ accountId }, { tokenFingerprint: 1, deletedAt: 1 }).lean().exec();
  return stored === null || stored.deletedAt !== undefined ? undefined : stored.tokenFingerprint;
}
