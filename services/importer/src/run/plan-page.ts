import { buildImportRecord, type ImportRecord, type ImportTopics } from '../mapping/import-records.js';
import { mapContact, type HubSpotProperties } from '../mapping/map-contact.js';
import { emptyTally, type PageTally } from './counts.js';
import type { ImportSpec } from './import-spec.js';

/** Batch read result for one list member. */
export type ContactRead =
  | { kind: 'found'; contactId: string; properties: HubSpotProperties }
  | { kind: 'deleted'; contactId: string }
  | { kind: 'failed'; contactId: string; error: { code: string; message: string } };

/** Earlier emission of a contact to the same target, as stored in `imported_contacts`. */
export interface PriorImport {
  contentHash: string;
  /** Import run that last emitted the contact. */
  importId: string;
  /** True when that run emitted the contact first to this target (it created the row). */
  createdByThatRun: boolean;
}

/** A record to produce, and whether it adds or changes the contact in Oniva. */
export type PlannedRecord = ImportRecord & { outcome: 'created' | 'updated' };

export interface PagePlan {
  records: PlannedRecord[];
  tally: PageTally;
  failures: { contactId: string; code: string; message: string }[];
}

export interface PagePlanInput {
  spec: ImportSpec;
  portalId: number;
  topics: ImportTopics;
  reads: readonly ContactRead[];
  /** Earlier emissions by HubSpot contact id, for the contacts of this page. */
  prior: ReadonlyMap<string, PriorImport>;
}

/**
 * Decides what one page emits and how each contact counts:
 * - not imported to this target before: emitted, `created`.
 * - imported by another run: create mode leaves it alone (`unchanged`). Upsert mode emits it as
 *   `updated` when its hash differs, else counts it `unchanged`.
 * - emitted by this same run before a restart (the page is being redone): counted as it was then,
 *   and emitted again only in upsert mode when HubSpot changed it since.
 */
export function planPage(input: PagePlanInput): PagePlan {
  const plan: PagePlan = { records: [], tally: emptyTally(), failures: [] };
  const { tally } = plan;

  for (const read of input.reads) {
    tally.read += 1;
    if (read.kind === 'deleted') {
      skip(tally, 'contact-deleted');
      continue;
    }
    if (read.kind === 'failed') {
      tally.failed += 1;
      plan.failures.push({ contactId: read.contactId, ...read.error });
      continue;
    }

    const mapped = mapContact(read.properties, input.spec.fieldMapping);
    if (!mapped.ok) {
      skip(tally, mapped.reason);
      continue;
    }

    const record = buildImportRecord({
      spec: input.spec,
      portalId: input.portalId,
      hubspotContactId: read.contactId,
      fields: mapped.fields,
      topics: input.topics,
    });
    const decision = decide(input.spec, record, input.prior.get(read.contactId));
    tally[decision.outcome] += 1;
    if (decision.emit) {
      plan.records.push({ ...record, outcome: decision.outcome === 'created' ? 'created' : 'updated' });
    }
  }
  return plan;
}

function decide(
  spec: ImportSpec,
  record: ImportRecord,
  prior: PriorImport | undefined,
): { outcome: 'created' | 'updated' | 'unchanged'; emit: boolean } {
  if (prior === undefined) {
    return { outcome: 'created', emit: true };
  }
  const changed = prior.contentHash !== record.contentHash;
  if (prior.importId === spec.importId) {
    return {
      outcome: prior.createdByThatRun ? 'created' : 'updated',
      emit: spec.mode === 'upsert' && changed,
    };
  }
  if (spec.mode === 'create' || !changed) {
    return { outcome: 'unchanged', emit: false };
  }
  return { outcome: 'updated', emit: true };
}

function skip(tally: PageTally, reason: keyof PageTally['skipped']): void {
  tally.skipped[reason] = (tally.skipped[reason] ?? 0) + 1;
}
