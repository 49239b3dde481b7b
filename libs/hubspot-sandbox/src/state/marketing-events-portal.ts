import { z } from 'zod';
import type { SandboxContext } from '../context.js';
import { MarketingEventStore } from './marketing-events.js';
import { AttendanceStore } from './marketing-events-attendance.js';

/** Settings of the simulated marketing events API, for decisions HubSpot leaves undocumented. */
export const marketingEventOptionsSchema = z.object({
  /**
   * Milliseconds after creation before an event is listed by
   * `GET /marketing/v3/marketing-events/{externalEventId}/identifiers`. HubSpot says events appear
   * there "a few minutes" after creation; 3 minutes by default, 0 makes them visible at once.
   */
  identifiersDelayMs: z.number().int().min(0).default(180_000),
  /**
   * Status of attendance responses in which some inputs failed. HubSpot documents only 200
   * (with `errors` and `numErrors`), and SDK 14 rejects any other 2xx, so 200 is the default.
   */
  attendancePartialFailureStatus: z.union([z.literal(200), z.literal(207)]).default(200),
  /** Maximum inputs per attendance or batch call; HubSpot documents no limit, 100 is an estimate. */
  maxBatchInputs: z.number().int().min(1).default(100),
  /** Custom property names that exist on the marketing event object; values for others are dropped. */
  customPropertyNames: z.array(z.string().min(1)).default([]),
});

export type MarketingEventOptions = z.infer<typeof marketingEventOptionsSchema>;

/** Marketing events, their attendance and the module settings of one portal. */
export interface PortalMarketingEvents {
  readonly events: MarketingEventStore;
  readonly attendance: AttendanceStore;
  options: MarketingEventOptions;
}

/**
 * Returns the portal's marketing event state, creating it on first use with the settings in
 * `defaults`; the state is dropped on sandbox reset and portal deletion.
 */
export function portalMarketingEvents(
  ctx: SandboxContext,
  portalId: number,
  defaults: Partial<MarketingEventOptions> = {},
): PortalMarketingEvents {
  return ctx.portalExtension(portalId, 'marketing-events', () => {
    const options = marketingEventOptionsSchema.parse(defaults);
    const events = new MarketingEventStore(() => ctx.nextId(portalId, 'marketing-events'));
    events.defineCustomProperties(options.customPropertyNames);
    return {
      events,
      attendance: new AttendanceStore(() => ctx.nextId(portalId, 'participations')),
      options,
    };
  });
}

/** Changes settings of one portal's marketing event module, e.g. from a test or the admin API. */
export function configureMarketingEvents(
  ctx: SandboxContext,
  portalId: number,
  changes: Partial<MarketingEventOptions>,
): MarketingEventOptions {
  const state = portalMarketingEvents(ctx, portalId);
  state.options = marketingEventOptionsSchema.parse({ ...state.options, ...changes });
  state.events.defineCustomProperties(state.options.customPropertyNames);
  return state.options;
}
