import type { PortalSpec } from '@oniva-hubspot/hubspot-sandbox';
import { z } from 'zod';

import { repositoryRoot } from '../environment/paths.js';
import { BenchError } from '../errors.js';
import { freePort, startProcess, waitUntilReady, type BenchProcess } from './processes.js';

/** Scopes of the benchmark tokens: everything the marketing-event sink and the importer use. */
export const BENCH_SCOPES = [
  'crm.lists.read',
  'crm.schemas.contacts.read',
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.marketing_events.read',
  'crm.objects.marketing_events.write',
] as const;

const requestEntrySchema = z.object({
  receivedAt: z.number(),
  method: z.string(),
  path: z.string(),
  route: z.string().optional(),
  query: z.record(z.string(), z.unknown()),
  body: z.unknown().optional(),
  status: z.number(),
  portalId: z.number().optional(),
  appId: z.number().optional(),
  durationMs: z.number(),
});

/** One HubSpot call as the sandbox logged it. */
export type RequestEntry = z.infer<typeof requestEntrySchema>;

const rateLimitStatsSchema = z.object({
  portalId: z.number(),
  maxCallsInWindow: z.number(),
  maxCallsInWindowByApp: z.record(z.string(), z.number()),
  rejected: z.record(z.string(), z.number()),
  dailyUsed: z.number(),
});

/** Rate-limit figures of one portal: max calls in any 10-s window, 429s by policy, calls today. */
export type RateLimitStats = z.infer<typeof rateLimitStatsSchema>;

/** The HubSpot sandbox running as a child process, with the admin calls the benchmarks need. */
export class SandboxProcess {
  private constructor(
    readonly process: BenchProcess,
    /** Base URL, e.g. `http://127.0.0.1:41234`; the services' `HUBSPOT_BASE_PATH`. */
    readonly url: string,
  ) {}

  /** Starts the sandbox on a free loopback port with a request log of `requestLogCapacity` calls. */
  static async start(input: { name: string; logDirectory: string; requestLogCapacity?: number }) {
    const port = await freePort();
    const child = startProcess({
      name: input.name,
      command: [
        'node',
        '--import',
        'tsx',
        'bench/src/harness/sandbox-server.ts',
        String(port),
        String(input.requestLogCapacity ?? 200_000),
      ],
      env: {},
      cwd: repositoryRoot,
      logDirectory: input.logDirectory,
    });
    const url = `http://127.0.0.1:${port}`;
    await waitUntilReady(child, `${url}/_sandbox/portals`);
    return new SandboxProcess(child, url);
  }

  /** Adds portals with their tokens, lists and contacts. */
  async provision(portals: readonly PortalSpec[]): Promise<void> {
    await this.#call('POST', '/_sandbox/provision', { portals });
  }

  /** Sets the 10-second burst limit of a portal's apps; `null` restores the tier's value. */
  async setBurstLimit(portalId: number, burstMax: number | null): Promise<void> {
    await this.#call('PUT', `/_sandbox/portals/${portalId}/limits`, { burstMax });
  }

  /** Delays every HubSpot call to a portal by `ms` before the sandbox handles it. */
  async addLatency(portalId: number, ms: number): Promise<void> {
    await this.#call('POST', '/_sandbox/faults', { match: { portalId }, effect: { type: 'latency', ms } });
  }

  /** Returns the lists of a portal with their ids and sizes. */
  async lists(portalId: number): Promise<Array<{ listId: string; name: string; size: number }>> {
    const body = z
      .object({ results: z.array(z.object({ listId: z.string(), name: z.string(), size: z.number() })) })
      .parse(await this.#call('GET', `/_sandbox/portals/${portalId}/lists`));
    return body.results;
  }

  /** Returns the rate-limit figures of one portal. */
  async rateLimits(portalId: number): Promise<RateLimitStats> {
    const body = z
      .object({ results: z.array(rateLimitStatsSchema) })
      .parse(await this.#call('GET', `/_sandbox/rate-limits?portalId=${portalId}`));
    const stats = body.results.find((entry) => entry.portalId === portalId);
    if (stats === undefined) {
      return { portalId, maxCallsInWindow: 0, maxCallsInWindowByApp: {}, rejected: {}, dailyUsed: 0 };
    }
    return stats;
  }

  /** Returns the logged calls of a portal, oldest first, optionally only those of one path pattern. */
  async requests(filter: { portalId: number; path?: string; method?: string }): Promise<RequestEntry[]> {
    const query = new URLSearchParams({ portalId: String(filter.portalId) });
    if (filter.path !== undefined) {
      query.set('path', filter.path);
    }
    if (filter.method !== undefined) {
      query.set('method', filter.method);
    }
    const body = z
      .object({ results: z.array(requestEntrySchema) })
      .parse(await this.#call('GET', `/_sandbox/requests?${query.toString()}`));
    return body.results;
  }

  async #call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new BenchError(
        'BENCH_ERR_HTTP_FAILED',
        `Sandbox admin call ${method} ${path} failed with ${response.status}: ${text.slice(0, 500)}`,
      );
    }
    return text.length > 0 ? (JSON.parse(text) as unknown) : undefined;
  }
}

/**
 * Builds a Professional portal (190 calls per 10 s per app) with one token per app id in `appIds`.
 * Tokens read `pat-na1-bench-<portalId>-<appId>`.
 */
export function benchPortal(input: {
  portalId: number;
  appIds: readonly number[];
  lists?: PortalSpec['lists'];
}): PortalSpec {
  return {
    portalId: input.portalId,
    tier: 'professional',
    timeZone: 'Europe/Berlin',
    tokens: input.appIds.map((appId) => ({
      token: benchToken(input.portalId, appId),
      appId,
      userId: 77,
      scopes: [...BENCH_SCOPES],
    })),
    ...(input.lists === undefined ? {} : { lists: input.lists }),
  };
}

/** Returns the token `benchPortal` creates for a portal and app. */
export function benchToken(portalId: number, appId: number): string {
  return `pat-na1-bench-${portalId}-${appId}`;
}
