import { outcome } from '@oniva-hubspot/kafka';

import type { ItemResult } from '../ports.js';
import { CONTACTS_OBJECT_TYPE } from '../schema/link-object.js';
import {
  parkIfConnectionFailed,
  settleAll,
  settleEach,
  type AccountRun,
  type AccountSession,
  type FailedCandidate,
} from './account-run.js';
import { missingResult, type AssociationJob } from './write-records.js';

/**
 * Associates each written record with its contact in one de-duplicated typed batch call, using
 * the portal's USER_DEFINED type id. A link counts as applied once the ledger no longer marks its
 * association pending. A failed association keeps the pending mark, so the link's retry, parked
 * replay or dead-letter replay creates only the association.
 */
export async function associateRecords(
  run: AccountRun,
  session: AccountSession,
  jobs: readonly AssociationJob[],
): Promise<void> {
  const candidates = jobs.map((job) => job.candidate);
  if (jobs.length === 0 || parkIfConnectionFailed(run, candidates)) {
    return;
  }

  const pairs = distinctPairs(jobs);
  let results: ItemResult<void>[];
  try {
    results = await session.api.createAssociations(
      {
        fromObjectType: session.schema.objectTypeId,
        toObjectType: CONTACTS_OBJECT_TYPE,
        associationTypeId: session.schema.associationTypeIds.toContact,
        pairs,
      },
      run.signal,
    );
  } catch (error) {
    await settleAll(run, session.account, candidates, error);
    return;
  }

  const resultByPair = new Map(pairs.map((pair, position) => [pairKey(pair), results[position]]));
  const associated: AssociationJob[] = [];
  const failed: FailedCandidate[] = [];
  for (const job of jobs) {
    const pair = { fromId: job.objectId, toId: job.contactId };
    const result = resultByPair.get(pairKey(pair)) ?? missingResult('association', `record ${job.objectId}`);
    if (result.ok) {
      associated.push(job);
    } else {
      failed.push({ candidate: job.candidate, error: result.error });
    }
  }

  await run.deps.ledger.recordAssociated(
    associated.map(({ candidate }) => ({ key: candidate.key, version: candidate.link.version })),
  );
  for (const { candidate } of associated) {
    run.outcomes[candidate.index] = outcome.applied();
  }
  await settleEach(run, session.account, failed);
}

/** Returns one pair per (record, contact), so each association is sent once and each result maps to one pair. */
function distinctPairs(jobs: readonly AssociationJob[]): { fromId: string; toId: string }[] {
  const pairs = new Map<string, { fromId: string; toId: string }>();
  for (const job of jobs) {
    const pair = { fromId: job.objectId, toId: job.contactId };
    pairs.set(pairKey(pair), pair);
  }
  return [...pairs.values()];
}

function pairKey(pair: { fromId: string; toId: string }): string {
  return `${pair.fromId}>${pair.toId}`;
}
