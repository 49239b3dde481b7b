import type { SkipReason } from '../mapping/map-contact.js';

/**
 * Contacts of a run by outcome. Each contact read ends in at most one of the other counts. This is
 * a type alias rather than an interface, so it fits both the store's counts and the topic schema's.
 */
export type RunCounts = {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
};

/** Counts of a run so far, as stored in checkpoints and published on the status topic. */
export interface ImportProgress {
  counts: RunCounts;
  /** Skipped contacts by reason; the values add up to `counts.skipped`. */
  skippedByReason: Record<string, number>;
}

/** Outcomes of the contacts of one page. */
export interface PageTally {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  skipped: Partial<Record<SkipReason, number>>;
}

export function emptyProgress(): ImportProgress {
  return {
    counts: { read: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 },
    skippedByReason: {},
  };
}

export function emptyTally(): PageTally {
  return { read: 0, created: 0, updated: 0, unchanged: 0, failed: 0, skipped: {} };
}

/** Returns the progress after adding one page's tally; the inputs are left unchanged. */
export function addTally(progress: ImportProgress, tally: PageTally): ImportProgress {
  const skippedByReason = { ...progress.skippedByReason };
  let skipped = 0;
  for (const [reason, count] of Object.entries(tally.skipped)) {
    skippedByReason[reason] = (skippedByReason[reason] ?? 0) + count;
    skipped += count;
  }
  const counts = progress.counts;
  return {
    counts: {
      read: counts.read + tally.read,
      created: counts.created + tally.created,
      updated: counts.updated + tally.updated,
      unchanged: counts.unchanged + tally.unchanged,
      skipped: counts.skipped + skipped,
      failed: counts.failed + tally.failed,
    },
    skippedByReason,
  };
}
