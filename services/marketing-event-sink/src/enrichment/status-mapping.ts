/**
 * HubSpot subscriber states that the attendance endpoints accept as a path segment
 * (`/attendance/{externalEventId}/{subscriberState}/email-create`). HubSpot's reference and the
 * client library use these lowercase verbs; an upper-case state name is rejected on POST.
 */
export const SUBSCRIBER_STATES = ['register', 'attend', 'cancel'] as const;

/** A HubSpot subscriber state verb. */
export type SubscriberState = (typeof SUBSCRIBER_STATES)[number];

/** Target of an Oniva booking status: a subscriber state, or `ignore` to transfer nothing. */
export type StatusTarget = SubscriberState | 'ignore';

/** Oniva booking status → target. A connection's own mapping overrides single entries. */
export type StatusMapping = Readonly<Record<string, StatusTarget>>;

/**
 * Mapping used for every connection: registered and confirmed bookings register the contact,
 * attended ones mark attendance, declined and cancelled ones cancel the registration.
 */
export const DEFAULT_STATUS_MAPPING: StatusMapping = Object.freeze({
  registered: 'register',
  confirmed: 'register',
  attended: 'attend',
  declined: 'cancel',
  cancelled: 'cancel',
});

const TARGETS: ReadonlySet<string> = new Set<string>([...SUBSCRIBER_STATES, 'ignore']);

/**
 * Merges the connection's status mapping over the default one. Entries whose target is not a
 * subscriber state or `ignore` are dropped, so a status mapped to an unknown value counts as
 * unmapped instead of reaching HubSpot as an invalid path segment.
 */
export function effectiveStatusMapping(
  connectionMapping: Readonly<Record<string, string>> | undefined,
): StatusMapping {
  const merged: Record<string, StatusTarget> = { ...DEFAULT_STATUS_MAPPING };
  for (const [status, target] of Object.entries(connectionMapping ?? {})) {
    if (TARGETS.has(target)) {
      merged[status] = target as StatusTarget;
    } else {
      delete merged[status];
    }
  }
  return Object.freeze(merged);
}

/** Returns the target of `status`, or undefined when the mapping has no entry for it. */
export function resolveStatus(mapping: StatusMapping, status: string): StatusTarget | undefined {
  return Object.hasOwn(mapping, status) ? mapping[status] : undefined;
}
