import { isInfrastructureError, type KafkaLogger } from '@oniva-hubspot/kafka';

import type { FailedAccount, FailureRouter } from '../failures/failure-router.js';
import { parked, type RecordOutcome } from '../outcomes.js';
import type { LinkConnection, LinkHubSpotApi, LinkObjectSchema, LinkSinkDependencies } from '../ports.js';
import type { LinkStep } from './plan-steps.js';
import type { LinkCandidate } from './prepare-link.js';

/** The links of one account in one batch, and where their outcomes go. */
export interface AccountRun {
  connection: LinkConnection;
  steps: readonly LinkStep[];
  deps: LinkSinkDependencies;
  router: FailureRouter;
  signal: AbortSignal | undefined;
  logger: KafkaLogger;
  /** Outcomes by record index; the account's steps fill one each. */
  outcomes: (RecordOutcome | undefined)[];
}

/** The HubSpot API and link schema of the account, once both are open. */
export interface AccountSession {
  api: LinkHubSpotApi;
  schema: LinkObjectSchema;
  account: FailedAccount;
}

/** A candidate whose HubSpot call failed, with that call's error. */
export interface FailedCandidate {
  candidate: LinkCandidate;
  error: Error;
}

/**
 * Parks `candidates` when the account's connection failed earlier in this batch, so that no more
 * calls are made with it. Returns true when it parked them.
 */
export function parkIfConnectionFailed(run: AccountRun, candidates: readonly LinkCandidate[]): boolean {
  const failure = run.router.connectionFailureOf(run.connection.accountId);
  if (failure === undefined) {
    return false;
  }
  for (const candidate of candidates) {
    run.outcomes[candidate.index] = parked(run.connection.accountId, failure);
  }
  return true;
}

/**
 * Gives every candidate the outcome of `error`. Database and broker outages are thrown instead,
 * so that the runtime redelivers the whole batch after a backoff.
 */
export async function settleAll(
  run: AccountRun,
  account: FailedAccount,
  candidates: readonly LinkCandidate[],
  error: unknown,
): Promise<void> {
  if (isInfrastructureError(error)) {
    throw error;
  }
  const outcome = await run.router.outcomeOf(error, account);
  for (const candidate of candidates) {
    run.outcomes[candidate.index] = outcome;
  }
}

/** Gives each failed candidate the outcome of its own error; one outcome per distinct error. */
export async function settleEach(
  run: AccountRun,
  account: FailedAccount,
  failed: readonly FailedCandidate[],
): Promise<void> {
  const byError = new Map<Error, LinkCandidate[]>();
  for (const { candidate, error } of failed) {
    byError.set(error, [...(byError.get(error) ?? []), candidate]);
  }
  for (const [error, candidates] of byError) {
    await settleAll(run, account, candidates, error);
  }
}
