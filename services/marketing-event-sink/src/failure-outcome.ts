import {
  asError,
  failureKind,
  HubSpotRejection,
  retryAfterMsOf,
  type ClassifiedFailure,
} from './failures.js';
import type { ConnectionFailures } from './health/connection-failures.js';
import { deadLetter, park, retry, type RecordOutcome } from './outcomes.js';

/**
 * Returns the outcome of a record whose HubSpot call failed: a connection-level failure marks the
 * connection unhealthy and parks the record (or retries it when its token was replaced
 * meanwhile), a permanent one dead-letters it as
 * `hubspot-rejected` with the HubSpot error attached, and anything else is retried, honouring the
 * wait HubSpot asked for.
 */
export async function outcomeOfFailure(
  thrown: unknown,
  caller: { accountId: string; tokenFingerprint: string | undefined },
  failures: ConnectionFailures,
): Promise<RecordOutcome> {
  const error = asError(thrown);
  const { accountId } = caller;
  switch (failureKind(error)) {
    case 'connection': {
      const marked = await failures.record(accountId, caller.tokenFingerprint, error as ClassifiedFailure);
      return marked ? park(accountId, 'connection-unhealthy', error) : retry(error);
    }
    case 'permanent':
      return deadLetter('hubspot-rejected', new HubSpotRejection(error as ClassifiedFailure));
    case 'retriable':
      return retry(error, retryAfterMsOf(error));
  }
}
