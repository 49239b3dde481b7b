import { z } from 'zod';

const apiKeySchema = z.object({ apiKey: z.string() });
const connectionSchema = z.object({
  portalId: z.number(),
  token: z.object({ last4: z.string() }),
  scopes: z.array(z.string()),
});

/** The few connector-api calls the demo makes, as an admin using the API would. */
export class ConnectorApi {
  constructor(private readonly baseUrl: string) {}

  /** Creates an API key for `accountId` with the operator key; returns the key. */
  async createApiKey(operatorKey: string, accountId: string): Promise<string> {
    const body = await this.call('POST', '/v1/api-keys', operatorKey, { accountId, label: 'demo' });
    return apiKeySchema.parse(body).apiKey;
  }

  /** Connects the account to HubSpot with contact import and marketing events enabled. */
  async createConnection(apiKey: string, accountId: string, accessToken: string) {
    const body = await this.call('POST', `/v1/accounts/${accountId}/connection`, apiKey, {
      accessToken,
      features: { contactImport: true, marketingEvents: true, customObjects: false },
    });
    return connectionSchema.parse(body);
  }

  async activateWorkspace(apiKey: string, accountId: string, workspaceId: string): Promise<void> {
    await this.call('PUT', `/v1/accounts/${accountId}/workspaces/${workspaceId}/activation`, apiKey);
  }

  async activateEvent(
    apiKey: string,
    accountId: string,
    workspaceId: string,
    eventId: string,
  ): Promise<void> {
    await this.call(
      'PUT',
      `/v1/accounts/${accountId}/workspaces/${workspaceId}/events/${eventId}/activation`,
      apiKey,
    );
  }

  private async call(method: string, path: string, key: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} returned ${response.status}: ${text}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  }
}
