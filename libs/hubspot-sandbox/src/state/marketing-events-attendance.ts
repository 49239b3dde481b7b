import type { MarketingEventRecord } from './marketing-events.js';

export const SUBSCRIBER_STATES = ['REGISTERED', 'ATTENDED', 'CANCELLED'] as const;
export type SubscriberState = (typeof SUBSCRIBER_STATES)[number];

/** A contact's state as read back: a recorded state, or `NO_SHOW` derived after the event. */
export type ParticipationState = SubscriberState | 'NO_SHOW';

/** One recorded attendance call for one contact. Times are epoch milliseconds. */
export interface StateChange {
  state: SubscriberState;
  interactionDateTime: number;
  joinedAt?: number;
  leftAt?: number;
  /** Sandbox clock time at which the call was recorded. */
  recordedAt: number;
}

/** A contact's participation in one event, with the history of its state changes. */
export interface Participation {
  readonly id: string;
  readonly objectId: string;
  readonly contactId: string;
  readonly createdAt: number;
  /** State changes in the order they were recorded. */
  readonly changes: StateChange[];
}

export interface AttendanceCounters {
  attended: number;
  registered: number;
  cancelled: number;
  noShows: number;
}

/** Attendance of the marketing events of one portal, by event objectId and contact id. */
export class AttendanceStore {
  private readonly byEvent = new Map<string, Map<string, Participation>>();

  constructor(private readonly nextParticipationId: () => string) {}

  /**
   * Records a state change and returns true, or returns false when the contact already has a
   * change with the same state and `interactionDateTime`: a repeated call changes nothing.
   */
  record(objectId: string, contactId: string, change: StateChange): boolean {
    let participations = this.byEvent.get(objectId);
    if (participations === undefined) {
      participations = new Map();
      this.byEvent.set(objectId, participations);
    }

    const existing = participations.get(contactId);
    if (existing === undefined) {
      participations.set(contactId, {
        id: this.nextParticipationId(),
        objectId,
        contactId,
        createdAt: change.recordedAt,
        changes: [change],
      });
      return true;
    }

    const repeated = existing.changes.some(
      (recorded) =>
        recorded.state === change.state && recorded.interactionDateTime === change.interactionDateTime,
    );
    if (repeated) return false;
    existing.changes.push(change);
    return true;
  }

  /** Participations of one event, by ascending participation id. */
  ofEvent(objectId: string): Participation[] {
    return [...(this.byEvent.get(objectId)?.values() ?? [])].sort(
      (left, right) => Number(left.id) - Number(right.id),
    );
  }

  /** Participations of one contact across every event of the portal, by ascending participation id. */
  ofContact(contactId: string): Participation[] {
    const results: Participation[] = [];
    for (const participations of this.byEvent.values()) {
      const participation = participations.get(contactId);
      if (participation !== undefined) results.push(participation);
    }
    return results.sort((left, right) => Number(left.id) - Number(right.id));
  }

  deleteEvent(objectId: string): void {
    this.byEvent.delete(objectId);
  }
}

/**
 * Returns the change that sets the current state: the one with the latest
 * `interactionDateTime`. On a tie the change recorded first wins.
 */
export function currentChange(participation: Participation): StateChange {
  let current = participation.changes[0] as StateChange;
  for (const change of participation.changes) {
    if (change.interactionDateTime > current.interactionDateTime) current = change;
  }
  return current;
}

/** Returns the current state; a contact still registered once `endDateTime` has passed is a no-show. */
export function currentState(
  participation: Participation,
  event: MarketingEventRecord,
  now: number,
): ParticipationState {
  const { state } = currentChange(participation);
  if (state === 'REGISTERED' && event.endDateTime !== undefined && event.endDateTime < now) return 'NO_SHOW';
  return state;
}

/** Counts each contact once, by its current state, as HubSpot's counters do. */
export function countAttendance(
  participations: readonly Participation[],
  event: MarketingEventRecord,
  now: number,
): AttendanceCounters {
  const counters: AttendanceCounters = { attended: 0, registered: 0, cancelled: 0, noShows: 0 };
  for (const participation of participations) {
    const state = currentState(participation, event, now);
    if (state === 'ATTENDED') counters.attended += 1;
    else if (state === 'REGISTERED') counters.registered += 1;
    else if (state === 'CANCELLED') counters.cancelled += 1;
    else counters.noShows += 1;
  }
  return counters;
}

/**
 * Returns the attended time in seconds and as a share of the event's duration, from the
 * current change's `joinedAt` and `leftAt`. Either field is absent when it cannot be computed.
 */
export function attendanceDuration(
  participation: Participation,
  event: MarketingEventRecord,
): { attendanceDurationSeconds?: number; attendancePercentage?: string } {
  const change = currentChange(participation);
  if (change.state !== 'ATTENDED' || change.joinedAt === undefined || change.leftAt === undefined) return {};
  if (change.leftAt < change.joinedAt) return {};

  const seconds = Math.round((change.leftAt - change.joinedAt) / 1000);
  if (
    event.startDateTime === undefined ||
    event.endDateTime === undefined ||
    event.endDateTime <= event.startDateTime
  ) {
    return { attendanceDurationSeconds: seconds };
  }
  // NOTE: HubSpot types the percentage as a string without documenting its format; the sandbox
  // sends at most two decimals, capped at 100.
  const share = Math.min(100, (seconds * 1000 * 100) / (event.endDateTime - event.startDateTime));
  return { attendanceDurationSeconds: seconds, attendancePercentage: String(Math.round(share * 100) / 100) };
}
