import type { LinkRecord } from '@oniva-hubspot/contracts';

import { FailureRouter } from '../failures/failure-router.js';
import { skipped, type RecordOutcome } from '../outcomes.js';
import type { HandleOptions, LinkSinkDependencies } from '../ports.js';
import type { LinkStep } from './plan-steps.js';
import { keepNewestPerLink, planSteps } from './plan-steps.js';
import { prepareLink, type LinkCandidate } from './prepare-link.js';
import { sendAccountLinks } from './send-account-links.js';

/**
 * Processes a batch of link records (one partition, in offset order) and returns one outcome per
 * record, in the same order.
 *
 * Each record is checked against its connection and activations first. Then only the newest
 * version per link is kept, and versions the ledger already has are dropped, unless their
 * association is still pending. Per account, contacts and records are written and the
 * associations created. Database errors propagate, so that the consumer runtime redelivers the
 * batch instead of committing it.
 */
export async function handleLinks(
  records: readonly { value: LinkRecord }[],
  deps: LinkSinkDependencies,
  options: HandleOptions,
): Promise<RecordOutcome[]> {
  const outcomes = new Array<RecordOutcome | undefined>(records.length);
  const router = new FailureRouter({
    health: deps.health,
    invalidateAccount: (accountId) => {
      deps.config.invalidateAccount(accountId);
      deps.hubspot.invalidateAccount(accountId);
    },
    logger: options.logger,
  });

  const candidates: LinkCandidate[] = [];
  for (const [index, { value }] of records.entries()) {
    const prepared = await prepareLink(index, value, deps.config);
    if (prepared.kind === 'done') {
      outcomes[index] = prepared.outcome;
    } else {
      candidates.push(prepared.candidate);
    }
  }

  const { newest, superseded } = keepNewestPerLink(candidates);
  for (const candidate of superseded) {
    outcomes[candidate.index] = skipped('superseded');
  }

  const ledger = await deps.ledger.read(newest.map((candidate) => candidate.key));
  const { steps, stale } = planSteps(newest, ledger);
  for (const candidate of stale) {
    outcomes[candidate.index] = skipped('stale-version');
  }

  await Promise.all(
    groupByAccount(steps).map((accountSteps) =>
      sendAccountLinks({
        connection: accountSteps[0]!.candidate.connection,
        steps: accountSteps,
        deps,
        router,
        signal: options.signal,
        logger: options.logger,
        outcomes,
      }),
    ),
  );

  return outcomes.map((outcome, index) => {
    if (outcome === undefined) {
      const link = records[index]!.value;
      throw new Error(
        `No outcome was set for link ${link.linkId} version ${link.version}; this is a bug in handleLinks`,
      );
    }
    return outcome;
  });
}

function groupByAccount(steps: readonly LinkStep[]): LinkStep[][] {
  const groups = new Map<string, LinkStep[]>();
  for (const step of steps) {
    const accountId = step.candidate.link.accountId;
    groups.set(accountId, [...(groups.get(accountId) ?? []), step]);
  }
  return [...groups.values()];
}
