import type { LinkLedgerState } from '../ports.js';
import type { LinkCandidate } from './prepare-link.js';

/**
 * Remaining work of a link in HubSpot:
 * - `write`: upsert its contact and record, then associate them;
 * - `associate`: the ledger records the record of this version as written, but its association
 *   with the contact is not, so only the association is created.
 */
export type LinkStep =
  | { kind: 'write'; candidate: LinkCandidate }
  | { kind: 'associate'; candidate: LinkCandidate; objectId: string; contactId: string };

/**
 * Splits candidates into the newest one per link and the rest. The higher version wins; on equal
 * versions the later record in the batch (the later offset) wins.
 */
export function keepNewestPerLink(candidates: readonly LinkCandidate[]): {
  newest: LinkCandidate[];
  superseded: LinkCandidate[];
} {
  const newestByKey = new Map<string, LinkCandidate>();
  for (const candidate of candidates) {
    const current = newestByKey.get(candidate.key);
    if (current === undefined || candidate.link.version >= current.link.version) {
      newestByKey.set(candidate.key, candidate);
    }
  }

  const winners = new Set(newestByKey.values());
  return {
    newest: candidates.filter((candidate) => winners.has(candidate)),
    superseded: candidates.filter((candidate) => !winners.has(candidate)),
  };
}

/**
 * Compares each candidate with its ledger entry. A version above the ledger's is written. The
 * ledger's own version with a pending association resumes at the association, so a failure after
 * the record write is retried from there instead of losing the association. Anything else is
 * already applied or older and is returned as stale.
 */
export function planSteps(
  candidates: readonly LinkCandidate[],
  ledger: ReadonlyMap<string, LinkLedgerState>,
): { steps: LinkStep[]; stale: LinkCandidate[] } {
  const steps: LinkStep[] = [];
  const stale: LinkCandidate[] = [];
  for (const candidate of candidates) {
    const applied = ledger.get(candidate.key);
    const version = candidate.link.version;
    if (applied === undefined || version > applied.version) {
      steps.push({ kind: 'write', candidate });
    } else if (version === applied.version && applied.associationPending) {
      steps.push(resumeOrRewrite(candidate, applied));
    } else {
      stale.push(candidate);
    }
  }
  return { steps, stale };
}

// An entry with a pending association but without a record or contact id cannot be resumed.
// Writing the record again is safe, because record and contact writes are upserts.
function resumeOrRewrite(candidate: LinkCandidate, applied: LinkLedgerState): LinkStep {
  if (applied.objectId === undefined || applied.contactId === undefined) {
    return { kind: 'write', candidate };
  }
  return { kind: 'associate', candidate, objectId: applied.objectId, contactId: applied.contactId };
}
