import { type Feature, FEATURE_LABELS } from '../../domain/features.js';
import { ApiError } from '../../errors.js';
import type { HubSpotCredentials } from '../../hubspot/port.js';
import type { AppDependencies } from '../../deps.js';
import {
  type ConnectionDocument,
  credentialsOf,
  findLiveConnection,
} from '../connections/connection-records.js';

/**
 * Loads the account's live connection with its decrypted token and checks that `feature` is
 * enabled. Throws 404 without a connection and 409 `API_FEATURE_DISABLED` when the feature is off.
 */
export async function connectionFor(
  deps: AppDependencies,
  accountId: string,
  feature: Feature,
): Promise<{ connection: ConnectionDocument; credentials: HubSpotCredentials }> {
  const connection = await findLiveConnection(deps.models, accountId, { withToken: true });
  if (!connection.features[feature]) {
    throw new ApiError(
      'API_FEATURE_DISABLED',
      `${FEATURE_LABELS[feature]} is switched off for the connection of account "${accountId}". ` +
        `Switch it on with PATCH /v1/accounts/${accountId}/connection/features and {"${feature}": true}.`,
      { details: { feature } },
    );
  }
  return { connection, credentials: credentialsOf(connection, deps.cipher) };
}
