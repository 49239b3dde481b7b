import { compilePathPattern, trimTrailingSlash } from './faults/rules.js';

/** One HubSpot call the sandbox received. */
export interface RequestLogEntry {
  sequence: number;
  /** Epoch ms when the request arrived (sandbox clock). */
  receivedAt: number;
  method: string;
  /** Request path without the query string. */
  path: string;
  /** Route pattern, e.g. `/crm/v3/lists/:listId`, or undefined when no route matched. */
  route?: string;
  query: Record<string, unknown>;
  body?: unknown;
  /** HTTP status sent, or 0 when the connection was dropped before a response. */
  status: number;
  portalId?: number;
  appId?: number;
  /** Ids of fault rules that fired. */
  faults: string[];
  durationMs: number;
}

export interface RequestLogFilter {
  /** Exact path or pattern (`*`, `**`, `:name`), see fault path patterns. */
  path?: string;
  method?: string;
  status?: number;
  portalId?: number;
}

/** Number of calls per endpoint (`METHOD route`) and status. */
export type RequestCounts = Record<string, Record<string, number>>;

/**
 * Calls received, newest last. Entries beyond `capacity` are dropped oldest first; the counts per
 * endpoint and status cover every call since the last clear.
 */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private counts: RequestCounts = {};
  private sequence = 0;

  constructor(private readonly capacity = 10_000) {}

  add(entry: Omit<RequestLogEntry, 'sequence'>): RequestLogEntry {
    const stored = { ...entry, sequence: ++this.sequence };
    this.entries.push(stored);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);

    const endpoint = `${entry.method} ${entry.route ?? trimTrailingSlash(entry.path)}`;
    const byStatus = (this.counts[endpoint] ??= {});
    byStatus[String(entry.status)] = (byStatus[String(entry.status)] ?? 0) + 1;
    return stored;
  }

  list(filter: RequestLogFilter = {}): RequestLogEntry[] {
    const path = filter.path === undefined ? undefined : compilePathPattern(filter.path);
    const method = filter.method?.toUpperCase();
    return this.entries.filter(
      (entry) =>
        (path === undefined || path.test(trimTrailingSlash(entry.path))) &&
        (method === undefined || entry.method === method) &&
        (filter.status === undefined || entry.status === filter.status) &&
        (filter.portalId === undefined || entry.portalId === filter.portalId),
    );
  }

  /** Number of calls matching `filter` among the retained entries. */
  count(filter: RequestLogFilter = {}): number {
    return this.list(filter).length;
  }

  countsByEndpoint(): RequestCounts {
    return structuredClone(this.counts);
  }

  clear(): void {
    this.entries = [];
    this.counts = {};
  }
}
