/** Version of one participant's record: the booking's source version and when it occurred. */
export interface ParticipantVersion {
  version: number;
  /** `occurredAt` of the record in epoch milliseconds. */
  occurredAtMs: number;
}

/**
 * Returns whether `candidate` is newer than `current`: a higher version, or the same version
 * occurring later. The version decides first because it increases with every change of a
 * booking, while Oniva's clocks may disagree by a few milliseconds.
 */
export function isNewer(candidate: ParticipantVersion, current: ParticipantVersion): boolean {
  if (candidate.version !== current.version) {
    return candidate.version > current.version;
  }
  return candidate.occurredAtMs > current.occurredAtMs;
}

/**
 * Returns whether a record is stale: the ledger already applied this version or a newer one, so
 * sending it again could only repeat or regress the participant's state.
 *
 * NOTE: versions increase per booking. If one person has two bookings of the same event, their
 * versions are compared as if they were one booking.
 */
export function isStale(candidate: ParticipantVersion, applied: ParticipantVersion | undefined): boolean {
  return applied !== undefined && candidate.version <= applied.version;
}

/**
 * Returns the `interactionDateTime` (epoch ms) to send for a record that is newer than `applied`.
 *
 * It is the record's `occurredAt`, so that a repeated call with the same contact and time is a
 * no-op in HubSpot. A newer version can occur at or before the applied interaction time (two
 * changes in the same millisecond, or clock skew). HubSpot would treat it as a repeat or as an
 * older change, so its time moves to 1 ms after the applied one. The result depends only on the
 * record and the ledger, so a retry sends the same time again.
 */
export function interactionTimeMs(
  candidate: ParticipantVersion,
  applied: ParticipantVersion | undefined,
): number {
  if (applied === undefined || candidate.occurredAtMs > applied.occurredAtMs) {
    return candidate.occurredAtMs;
  }
  return applied.occurredAtMs + 1;
}

/**
 * Splits `items` into the newest item per key and the rest. Among items with the same key the
 * newest by `isNewer` wins. On an exact tie the later item in the input order wins, because it
 * has the later Kafka offset.
 */
export function keepNewestPerKey<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  versionOf: (item: T) => ParticipantVersion,
): { newest: T[]; superseded: T[] } {
  const newestByKey = new Map<string, T>();
  for (const item of items) {
    const key = keyOf(item);
    const current = newestByKey.get(key);
    if (current === undefined || !isNewer(versionOf(current), versionOf(item))) {
      newestByKey.set(key, item);
    }
  }

  const winners = new Set(newestByKey.values());
  const newest: T[] = [];
  const superseded: T[] = [];
  for (const item of items) {
    (winners.has(item) ? newest : superseded).push(item);
  }
  return { newest, superseded };
}
