import { z } from 'zod';

import { BenchError } from '../errors.js';

const apiKeySchema = z.object({ apiKey: z.string() });
const connectionSchema = z.object({ portalId: z.number() });
const importRunSchema = z.object({
  importId: z.string(),
  state: z.enum(['queued', 'running', 'completed', 'failed', 'cancelled']),
  counts: z.object({
    read: z.number(),
    created: z.number(),
    updated: z.number(),
    unchanged: z.number(),
    skipped: z.number(),
    failed: z.number(),
  }),
  pagesDone: z.number(),
  failure: z.object({ code: z.string(), message: z.string() }).optional(),
  requestedAt: z.string(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
});

/** An import run as the connector API returns it. */
export type ImportRun = z.infer<typeof importRunSchema>;

/** The connector-api calls a benchmark makes to set up an account, as an admin would. */
export class ConnectorApiClient {
  constructor(private readonly baseUrl: string) {}

  /** Creates an API key for `accountId` with the operator key and returns it. */
  async createApiKey(operatorKey: string, accountId: string): Promise<string> {
    const body = await this.#call('POST', '/v1/api-keys', operatorKey, { accountId, label: 'benchmark' });
    return apiKeySchema.parse(body).apiKey;
  }

  /** Connects the account to HubSpot with contact import and marketing events enabled. */
  async createConnection(
    apiKey: string,
    accountId: string,
    accessToken: string,
  ): Promise<{ portalId: number }> {
    const body = await this.#call('POST', `/v1/accounts/${accountId}/connection`, apiKey, {
      accessToken,
      features: { contactImport: true, marketingEvents: true, customObjects: false },
    });
    return connectionSchema.parse(body);
  }

  /** Activates a workspace and then each of `eventIds` in it. */
  async activate(apiKey: string, accountId: string, workspaceId: string, eventIds: readonly string[]) {
    const workspacePath = `/v1/accounts/${accountId}/workspaces/${workspaceId}`;
    await this.#call('PUT', `${workspacePath}/activation`, apiKey);
    for (const eventId of eventIds) {
      await this.#call('PUT', `${workspacePath}/events/${eventId}/activation`, apiKey);
    }
  }

  /** Starts an import of `listId` into an event's contacts (create-only) and returns the run. */
  async startEventImport(
    apiKey: string,
    input: { accountId: string; workspaceId: string; eventId: string; listId: string },
  ): Promise<ImportRun> {
    const body = await this.#call('POST', `/v1/accounts/${input.accountId}/imports`, apiKey, {
      target: 'event-contacts',
      listId: input.listId,
      mode: 'create',
      workspaceId: input.workspaceId,
      eventId: input.eventId,
      fieldMapping: [
        { hubspotProperty: 'firstname', onivaField: 'firstName' },
        { hubspotProperty: 'lastname', onivaField: 'lastName' },
      ],
    });
    return importRunSchema.parse(body);
  }

  /** Reads an import run's progress. */
  async readImport(apiKey: string, accountId: string, importId: string): Promise<ImportRun> {
    const body = await this.#call('GET', `/v1/accounts/${accountId}/imports/${importId}`, apiKey);
    return importRunSchema.parse(body);
  }

  async #call(method: string, path: string, key: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new BenchError(
        'BENCH_ERR_HTTP_FAILED',
        `connector-api ${method} ${path} failed with ${response.status}: ${text.slice(0, 500)}`,
      );
    }
    return text.length > 0 ? (JSON.parse(text) as unknown) : undefined;
  }
}
