import type { AttendanceInput } from './hubspot-calls.js';

/** A booking record as produced: its participant, its `occurredAt` and when it was sent. */
export interface ProducedBooking {
  eventId: string;
  /** Lower-cased email. */
  email: string;
  occurredAtMs: number;
  producedAtMs: number;
}

/** Latencies of the records that needed a HubSpot call, and the count of those that did not. */
export interface LatencyMatch {
  latenciesMs: number[];
  /** Records no later call reflected: duplicates and versions older than one already applied. */
  unmatched: number;
}

/**
 * Matches each produced record to the first attendance call that reflects it: a call received
 * after the record was produced that carries the same participant with an interaction time at
 * or after the record's `occurredAt`. A record superseded by a newer version of the same
 * participant in the same batch is therefore matched to the call of the newer version, which is
 * when its effect reached HubSpot.
 */
export function matchLatencies(
  produced: readonly ProducedBooking[],
  inputs: readonly AttendanceInput[],
): LatencyMatch {
  const byParticipant = new Map<string, AttendanceInput[]>();
  for (const input of inputs) {
    const key = `${input.eventId} ${input.email}`;
    const list = byParticipant.get(key);
    if (list === undefined) {
      byParticipant.set(key, [input]);
    } else {
      list.push(input);
    }
  }
  for (const list of byParticipant.values()) {
    list.sort((a, b) => a.receivedAtMs - b.receivedAtMs);
  }

  const latenciesMs: number[] = [];
  let unmatched = 0;
  for (const record of produced) {
    const candidates = byParticipant.get(`${record.eventId} ${record.email}`) ?? [];
    const call = candidates.find(
      (input) => input.receivedAtMs >= record.producedAtMs && input.interactionMs >= record.occurredAtMs,
    );
    if (call === undefined) {
      unmatched += 1;
    } else {
      latenciesMs.push(call.receivedAtMs - record.producedAtMs);
    }
  }
  return { latenciesMs, unmatched };
}
