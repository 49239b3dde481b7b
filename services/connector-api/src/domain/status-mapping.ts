import { KNOWN_BOOKING_STATUSES } from '@oniva-hubspot/contracts';
import { z } from 'zod';

/**
 * Targets of an Oniva status on the HubSpot marketing event. `register`, `attend` and `cancel` are
 * HubSpot's attendance states, and `ignore` transfers nothing for that status.
 */
export const PARTICIPATION_TARGETS = ['register', 'attend', 'cancel', 'ignore'] as const;

/** Target of one Oniva status. */
export type ParticipationTarget = (typeof PARTICIPATION_TARGETS)[number];

/** Oniva status → HubSpot participation state. */
export type StatusMapping = Record<string, ParticipationTarget>;

/**
 * Mapping used when a connection is created without one: registered and confirmed become
 * register, attended becomes attend, declined and cancelled become cancel.
 */
export const DEFAULT_STATUS_MAPPING: Readonly<StatusMapping> = Object.freeze({
  registered: 'register',
  confirmed: 'register',
  attended: 'attend',
  declined: 'cancel',
  cancelled: 'cancel',
});

const statusName = z.string().regex(/^[a-z][a-z_]{0,63}$/, {
  error: 'expected an Oniva status: lowercase letters and "_", at most 64 characters',
});

/**
 * A complete status mapping. Every status that Oniva is known to send needs a target; further
 * statuses (for example `waitlisted`) may be added. A booking whose status has no target is
 * dead-lettered by the sink with the reason `unmapped-status`.
 */
export const statusMappingSchema = z
  .record(statusName, z.enum(PARTICIPATION_TARGETS))
  .superRefine((mapping, ctx) => {
    const missing = KNOWN_BOOKING_STATUSES.filter((status) => mapping[status] === undefined);
    if (missing.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message:
          `expected a target for every Oniva status; add ${missing.map((status) => `"${status}"`).join(', ')} ` +
          `with one of ${PARTICIPATION_TARGETS.join(', ')}`,
      });
    }
  })
  .describe(
    `Oniva status → HubSpot participation state (${PARTICIPATION_TARGETS.join(', ')}). ` +
      `Must name every known status: ${KNOWN_BOOKING_STATUSES.join(', ')}.`,
  );
