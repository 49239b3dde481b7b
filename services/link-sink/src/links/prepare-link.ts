import type { LinkRecord } from '@oniva-hubspot/contracts';
import { normaliseEmail } from '@oniva-hubspot/store';

import { checkTransfer } from '../enrichment/gate.js';
import { parked, skipped, type RecordOutcome } from '../outcomes.js';
import { linkLedgerKey, type ConfigSource, type LinkConnection } from '../ports.js';

/** A link that passed the gate and may be written to HubSpot. */
export interface LinkCandidate {
  /** Position of the record in the batch. */
  index: number;
  link: LinkRecord;
  /** Ledger key of the link. */
  key: string;
  /** Contact email, trimmed and lower-cased as HubSpot matches contacts. */
  email: string;
  occurredAt: Date;
  connection: LinkConnection;
}

/** Result of `prepareLink`: a candidate, or the record's final outcome. */
export type PreparedLink =
  { kind: 'candidate'; candidate: LinkCandidate } | { kind: 'done'; outcome: RecordOutcome };

/** Runs the gate for one link record (see `checkTransfer`) and builds its candidate. */
export async function prepareLink(
  index: number,
  link: LinkRecord,
  config: ConfigSource,
): Promise<PreparedLink> {
  const occurredAt = new Date(link.occurredAt);
  const context = await config.gateContext({
    accountId: link.accountId,
    workspaceId: link.workspaceId,
    eventId: link.eventId,
  });

  const decision = checkTransfer(context, occurredAt);
  if (decision.kind === 'skip') {
    return { kind: 'done', outcome: skipped(decision.reason) };
  }
  if (decision.kind === 'park') {
    return { kind: 'done', outcome: parked(link.accountId, decision.error) };
  }

  return {
    kind: 'candidate',
    candidate: {
      index,
      link,
      key: linkLedgerKey(link),
      email: normaliseEmail(link.contact.email),
      occurredAt,
      connection: decision.connection,
    },
  };
}
