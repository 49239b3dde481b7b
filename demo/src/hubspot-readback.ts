import { z } from 'zod';

// Read-back goes through HubSpot's public marketing-event paths with the customer's token, exactly
// as a person checking HubSpot would see it; only call counts come from the sandbox admin API.

const breakdownSchema = z.object({
  results: z.array(
    z.object({
      properties: z.object({ attendanceState: z.string() }),
      associations: z.object({ contact: z.object({ email: z.string().optional() }) }),
    }),
  ),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});

/** Participant email → HubSpot attendance state of one marketing event. */
export type ParticipationStates = Map<string, string>;

/** Reads every participant's current state of the event with these external ids. */
export async function readParticipations(input: {
  baseUrl: string;
  token: string;
  externalAccountId: string;
  externalEventId: string;
}): Promise<ParticipationStates> {
  const states: ParticipationStates = new Map();
  let after: string | undefined;
  do {
    const url = new URL(
      `/marketing/v3/marketing-events/participations/${encodeURIComponent(input.externalAccountId)}/${encodeURIComponent(input.externalEventId)}/breakdown`,
      input.baseUrl,
    );
    url.searchParams.set('limit', '100');
    if (after) url.searchParams.set('after', after);
    const response = await fetch(url, { headers: { authorization: `Bearer ${input.token}` } });
    if (response.status === 404) return states;
    if (!response.ok)
      throw new Error(`GET ${url.pathname} returned ${response.status}: ${await response.text()}`);
    const page = breakdownSchema.parse(await response.json());
    for (const result of page.results) {
      const email = result.associations.contact.email;
      if (email) states.set(email.toLowerCase(), result.properties.attendanceState);
    }
    after = page.paging?.next?.after;
  } while (after);
  return states;
}

const countsSchema = z.record(z.string(), z.record(z.string(), z.number()));
const rateLimitsSchema = z.object({
  results: z.array(
    z.object({
      maxCallsInWindow: z.number(),
      rejected: z.record(z.string(), z.number()),
      dailyUsed: z.number(),
    }),
  ),
});
const portalSchema = z.object({ contactCount: z.number() });

/** HubSpot-side figures of the run, from the sandbox admin API. */
export interface SandboxFigures {
  callsByEndpoint: Record<string, number>;
  totalCalls: number;
  rateLimited: number;
  maxCallsInWindow: number;
  contactCount: number;
}

/** Reads call counts per endpoint, 429s and the contact count of `portalId` from the sandbox. */
export async function readSandboxFigures(baseUrl: string, portalId: number): Promise<SandboxFigures> {
  const [counts, limits, portal] = await Promise.all([
    getJson(`${baseUrl}/_sandbox/requests/counts`, countsSchema),
    getJson(`${baseUrl}/_sandbox/rate-limits?portalId=${portalId}`, rateLimitsSchema),
    getJson(`${baseUrl}/_sandbox/portals/${portalId}`, portalSchema),
  ]);
  const callsByEndpoint: Record<string, number> = {};
  let totalCalls = 0;
  let rateLimited = 0;
  for (const [endpoint, byStatus] of Object.entries(counts)) {
    // The demo's own read-back is not the connector's traffic.
    if (endpoint.startsWith('GET ') && endpoint.includes('/participations/')) continue;
    for (const [status, count] of Object.entries(byStatus)) {
      callsByEndpoint[endpoint] = (callsByEndpoint[endpoint] ?? 0) + count;
      totalCalls += count;
      if (status === '429') rateLimited += count;
    }
  }
  const stats = limits.results[0];
  return {
    callsByEndpoint,
    totalCalls,
    rateLimited,
    maxCallsInWindow: stats?.maxCallsInWindow ?? 0,
    contactCount: portal.contactCount,
  };
}

async function getJson<T>(url: string, schema: z.ZodType<T>): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} returned ${response.status}: ${await response.text()}`);
  return schema.parse(await response.json());
}
