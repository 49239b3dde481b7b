import type { FailedAccount } from '../failures/failure-router.js';
import type { LinkHubSpotApi, LinkObjectSchema } from '../ports.js';
import { associateRecords } from './associate-records.js';
import { parkIfConnectionFailed, settleAll, type AccountRun, type AccountSession } from './account-run.js';
import type { LinkCandidate } from './prepare-link.js';
import { writeRecords, type AssociationJob } from './write-records.js';

/**
 * Sends the steps of one account and sets one outcome per step. It opens the account's HubSpot API
 * and link schema and writes the contacts and records of new versions. Then it creates the
 * associations of those records and of records whose association was left pending earlier.
 */
export async function sendAccountLinks(run: AccountRun): Promise<void> {
  const session = await openSession(run);
  if (session === undefined) {
    return;
  }

  const resumed: AssociationJob[] = [];
  const writes: LinkCandidate[] = [];
  for (const step of run.steps) {
    if (step.kind === 'associate') {
      resumed.push({ candidate: step.candidate, objectId: step.objectId, contactId: step.contactId });
    } else {
      writes.push(step.candidate);
    }
  }

  const written = await writeRecords(run, session, writes);
  await associateRecords(run, session, [...resumed, ...written]);
}

/** Opens the HubSpot API and resolves the link schema; on failure every step gets its outcome. */
async function openSession(run: AccountRun): Promise<AccountSession | undefined> {
  const candidates = run.steps.map((step) => step.candidate);
  if (parkIfConnectionFailed(run, candidates)) {
    return undefined;
  }

  const account: FailedAccount = {
    accountId: run.connection.accountId,
    tokenFingerprint: run.connection.tokenFingerprint,
  };
  let api: LinkHubSpotApi;
  let schema: LinkObjectSchema;
  try {
    api = await run.deps.hubspot.forConnection(run.connection);
    account.tokenFingerprint = api.tokenFingerprint;
    schema = await run.deps.schemas.resolve(run.connection, api, run.signal);
  } catch (error) {
    await settleAll(run, account, candidates, error);
    return undefined;
  }
  return { api, schema, account };
}
