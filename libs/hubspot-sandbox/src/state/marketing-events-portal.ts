import { z } from 'zod';
import type { SandboxContext } from '../context.js';
import { SandboxError } from '../errors.js';
import { MarketingEventStore } from './marketing-events.js';
import { AttendanceStore } from './marketing-events-attendance.js';

/** Key of the marketing event settings in `SandboxOptions.moduleOptions` and the admin API. */
export const MARKETING_EVENTS_OPTIONS_KEY = 'marketingEvents';

/** Settings of the simulated marketing events API, for decisions HubSpot leaves undocumented. */
export const marketingEventOptionsSchema = z
  .object({
    /**
     * Milliseconds after creation before an event is listed by
     * `GET /marketing/v3/marketing-events/{externalEventId}/identifiers`. HubSpot's guide states
     * that events appear there "a few minutes" after creation. The default is 3 minutes (an
     * estimate), and 0 lists events at once.
     */
    identifiersDelayMs: z.number().int().min(0).default(180_000),
    /**
     * Status of attendance responses in which some inputs failed. HubSpot documents only 200
     * (with `errors` and `numErrors`), and SDK 14 rejects any other 2xx, so 200 is the default.
     */
    attendancePartialFailureStatus: z.union([z.literal(200), z.literal(207)]).default(200),
    /** Maximum inputs per attendance or batch call; HubSpot documents no limit, 100 is an estimate. */
    maxBatchInputs: z.number().int().min(1).default(100),
    /**
     * Custom property names that exist on the marketing event object in every portal; values
     * for other names are dropped, as HubSpot does.
     */
    customPropertyNames: z.array(z.string().min(1)).default([]),
  })
  .strict();

export type MarketingEventOptions = z.infer<typeof marketingEventOptionsSchema>;

/**
 * Returns the module settings, parsed on every call so that changes through the admin API
 * apply at once. Throws `SandboxError` when the configured value is invalid.
 */
export function marketingEventOptions(ctx: SandboxContext): MarketingEventOptions {
  const result = marketingEventOptionsSchema.safeParse(ctx.moduleOptions(MARKETING_EVENTS_OPTIONS_KEY) ?? {});
  if (!result.success) {
    throw new SandboxError(
      'SANDBOX_ERR_INVALID_OPTIONS',
      `Module options "${MARKETING_EVENTS_OPTIONS_KEY}" are invalid: ${z.prettifyError(result.error)}`,
    );
  }
  return result.data;
}

/** Marketing events and their attendance in one portal, plus the module settings. */
export interface PortalMarketingEvents {
  readonly events: MarketingEventStore;
  readonly attendance: AttendanceStore;
  readonly options: MarketingEventOptions;
}

/** Returns the portal's marketing event state, creating it on first use; it is dropped on reset. */
export function portalMarketingEvents(ctx: SandboxContext, portalId: number): PortalMarketingEvents {
  const stores = ctx.portalExtension(portalId, 'marketing-events', () => ({
    events: new MarketingEventStore(
      () => ctx.nextId(portalId, 'marketing-events'),
      () => new Set(marketingEventOptions(ctx).customPropertyNames),
    ),
    attendance: new AttendanceStore(() => ctx.nextId(portalId, 'participations')),
  }));
  return { ...stores, options: marketingEventOptions(ctx) };
}
