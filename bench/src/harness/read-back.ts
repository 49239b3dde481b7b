import type { ExpectedParticipation } from '@oniva-hubspot/demo';
import { z } from 'zod';

import { BenchError } from '../errors.js';
import { sleep } from './processes.js';

/** Pause between read calls: about 140 calls per 10 s, under the 190 of a Professional portal. */
const READ_PAUSE_MS = 70;

const breakdownSchema = z.object({
  results: z.array(
    z.object({
      properties: z.object({ attendanceState: z.string() }),
      associations: z.object({ contact: z.object({ email: z.string().optional() }) }),
    }),
  ),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});

/**
 * Reads every participant's state back through HubSpot's public breakdown path and returns how
 * many of `expected` differ. Reads are paced under the burst limit and wait out a 429 before
 * trying again.
 */
export async function countMismatches(input: {
  baseUrl: string;
  token: string;
  accountId: string;
  expected: readonly ExpectedParticipation[];
}): Promise<{ checked: number; mismatches: number }> {
  const eventIds = [...new Set(input.expected.map((participant) => participant.eventId))];
  const states = new Map<string, string>();
  for (const eventId of eventIds) {
    for (const [email, state] of await readStates({ ...input, eventId })) {
      states.set(`${eventId} ${email}`, state);
    }
  }
  const mismatches = input.expected.filter(
    (participant) => states.get(`${participant.eventId} ${participant.email}`) !== participant.state,
  ).length;
  return { checked: input.expected.length, mismatches };
}

async function readStates(input: {
  baseUrl: string;
  token: string;
  accountId: string;
  eventId: string;
}): Promise<Map<string, string>> {
  const states = new Map<string, string>();
  let after: string | undefined;
  for (;;) {
    const url = new URL(
      `/marketing/v3/marketing-events/participations/${encodeURIComponent(input.accountId)}/${encodeURIComponent(input.eventId)}/breakdown`,
      input.baseUrl,
    );
    url.searchParams.set('limit', '100');
    if (after !== undefined) {
      url.searchParams.set('after', after);
    }
    await sleep(READ_PAUSE_MS);
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${input.token}` },
      signal: AbortSignal.timeout(30_000),
    });
    if (response.status === 429) {
      await sleep(Number(response.headers.get('retry-after') ?? '1') * 1000);
      continue;
    }
    if (response.status === 404) {
      return states;
    }
    if (!response.ok) {
      throw new BenchError(
        'BENCH_ERR_HTTP_FAILED',
        `GET ${url.pathname} failed with ${response.status}: ${(await response.text()).slice(0, 300)}`,
      );
    }
    const page = breakdownSchema.parse(await response.json());
    for (const result of page.results) {
      const email = result.associations.contact.email;
      if (email !== undefined) {
        states.set(email.toLowerCase(), result.properties.attendanceState);
      }
    }
    after = page.paging?.next?.after;
    if (after === undefined) {
      return states;
    }
  }
}
