import { isHubSpotError, withRetry, type HubSpotError } from '@oniva-hubspot/hubspot-gateway';
import type { ConnectionModel } from '@oniva-hubspot/store';
import type { Logger } from '@oniva-hubspot/observability';

import {
  assertConnectionUsable,
  openConnection,
  storedTokenFingerprint,
  type OpenConnectionInput,
  type OpenedConnection,
} from '../hubspot/open-connection.js';
import { readListPage, type ListPage } from '../hubspot/read-list-page.js';
import { ImporterError } from '../errors.js';
import { unavailableError } from './failure.js';

export interface PageReaderOptions {
  listId: string;
  /** Memberships per page, at most 250. */
  pageSize: number;
  properties: readonly string[];
  /** Attempts of one page while HubSpot fails with retriable errors, each after the gateway's own retries. */
  pageAttempts: number;
  logger: Logger;
}

/**
 * Delay between attempts of one page: 1 s, then doubling up to 30 s, ±20 % jitter. The gateway
 * already retried each call a few times within seconds, so these waits bridge longer outages.
 * A `Retry-After` of up to 10 minutes (a burst or daily window) is honoured.
 */
const PAGE_RETRY_POLICY = {
  maxAttempts: 5,
  initialDelayMs: 1_000,
  backoffCoefficient: 2,
  maxDelayMs: 30_000,
  jitter: 0.2,
  maxRetryAfterMs: 600_000,
};

/**
 * Reads list pages of one run with page-level retries. When HubSpot rejects the token with 401, it
 * checks whether the token stored for the account changed (rotated through the connector API)
 * and, if so, continues with the new one instead of failing the run.
 */
export class PageReader {
  private connection: OpenedConnection;

  constructor(
    private readonly access: OpenConnectionInput & { Connection: ConnectionModel },
    connection: OpenedConnection,
    private readonly options: PageReaderOptions,
  ) {
    this.connection = connection;
  }

  get portalId(): number {
    return this.connection.portalId;
  }

  /** Fingerprint of the token in use, to mark exactly that token unhealthy when HubSpot rejects it. */
  get tokenFingerprint(): string | undefined {
    return this.connection.tokenFingerprint;
  }

  /**
   * Reads the page after `after`, once the connection is checked to be still usable. Throws
   * `ImporterError` `IMPORTER_ERR_CONNECTION_MISSING` or `IMPORTER_ERR_FEATURE_DISABLED` when the
   * connection was deleted or contact import switched off since the run started,
   * `IMPORTER_ERR_HUBSPOT_UNAVAILABLE` when every attempt failed with a retriable error, and the
   * `HubSpotError` itself for connection-level and permanent failures.
   */
  async read(after: string | undefined, page: number, signal: AbortSignal): Promise<ListPage> {
    await assertConnectionUsable(this.access.Connection, this.access.accountId);

    let attempts = 0;
    const attempt = async (): Promise<ListPage> => {
      attempts += 1;
      return this.readOnce(after, signal);
    };
    try {
      return await withRetry('import list page', attempt, {
        policy: { ...PAGE_RETRY_POLICY, maxAttempts: this.options.pageAttempts },
        signal,
        onRetry: ({ error, attempt: number, delayMs }) =>
          this.options.logger.warn(
            { page, attempt: number, delayMs, code: error.code, status: error.status },
            'retrying import page',
          ),
      });
    } catch (error) {
      if (isHubSpotError(error) && error.kind === 'retriable' && !signal.aborted) {
        throw unavailableError(error, attempts, page);
      }
      throw error;
    }
  }

  private async readOnce(after: string | undefined, signal: AbortSignal): Promise<ListPage> {
    const request = {
      listId: this.options.listId,
      after,
      limit: this.options.pageSize,
      properties: this.options.properties,
      signal,
    };
    try {
      return await readListPage(this.connection.hubspot, request);
    } catch (error) {
      if (!isTokenRejection(error) || !(await this.tokenChanged())) {
        throw error;
      }
      this.options.logger.info(
        { portalId: this.connection.portalId },
        'token changed during the import; continuing with the new one',
      );
      const reopened = await openConnection(this.access);
      if (reopened.portalId !== this.connection.portalId) {
        throw new ImporterError(
          'IMPORTER_ERR_PORTAL_CHANGED',
          `The HubSpot connection of account ${this.access.accountId} now belongs to portal ${reopened.portalId} instead of ${this.connection.portalId}; list ids belong to one portal, so start the import again`,
        );
      }
      this.connection = reopened;
      return readListPage(this.connection.hubspot, request);
    }
  }

  private async tokenChanged(): Promise<boolean> {
    const stored = await storedTokenFingerprint(this.access.Connection, this.access.accountId);
    return stored !== undefined && stored !== this.connection.tokenFingerprint;
  }
}

function isTokenRejection(error: unknown): error is HubSpotError {
  return isHubSpotError(error) && error.code === 'HUBSPOT_TOKEN_INVALID';
}
