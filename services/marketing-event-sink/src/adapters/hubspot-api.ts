import {
  recordAttendanceByEmail,
  upsertMarketingEvent,
  type HubSpotConnection,
  type HubSpotGateway,
} from '@oniva-hubspot/hubspot-gateway';
import type { StoreModels, TokenCipher } from '@oniva-hubspot/store';

import { AccountCache } from '../enrichment/account-cache.js';
import type { ConnectionConfig } from '../enrichment/account-config.js';
import type { SubscriberState } from '../enrichment/status-mapping.js';
import { SinkError } from '../errors.js';
import type { MarketingEventParams } from '../events/event-params.js';
import type { AttendanceInput, AttendanceResult, HubSpotApiFactory, MarketingEventsApi } from '../ports.js';

/** Options of `GatewayApiFactory`. */
export interface GatewayApiFactoryOptions {
  gateway: HubSpotGateway;
  models: Pick<StoreModels, 'Connection'>;
  cipher: TokenCipher;
  /** How long a decrypted token is reused before it is read again, in milliseconds. */
  ttlMs: number;
}

/**
 * Opens the HubSpot API of a connection through the gateway, which applies the shared rate
 * limit, timeouts, in-process retries and error classification. The token is read and decrypted
 * once per account and `ttlMs`, and again at once after `invalidateAccount`.
 */
export class GatewayApiFactory implements HubSpotApiFactory {
  private readonly apis: AccountCache<GatewayMarketingEventsApi>;
  private readonly tokens = new Map<string, string>();

  constructor(private readonly options: GatewayApiFactoryOptions) {
    this.apis = new AccountCache({ ttlMs: options.ttlMs });
  }

  forConnection(connection: ConnectionConfig): Promise<MarketingEventsApi> {
    return this.apis.get(connection.accountId, 'api', () => this.open(connection));
  }

  invalidateAccount(accountId: string): void {
    this.apis.invalidateAccount(accountId);
    const token = this.tokens.get(accountId);
    if (token !== undefined) {
      this.options.gateway.disconnect(token);
      this.tokens.delete(accountId);
    }
  }

  private async open(connection: ConnectionConfig): Promise<GatewayMarketingEventsApi> {
    const stored = await this.options.models.Connection.findOne({ accountId: connection.accountId })
      .select('+token')
      .lean();
    if (stored?.token === undefined || stored.deletedAt != null) {
      throw new SinkError(
        'MARKETING_SINK_ERR_TOKEN_MISSING',
        `Connection of account ${connection.accountId} has no stored token; save a token for it in the connector API`,
      );
    }

    const accessToken = this.options.cipher.decryptToken(stored.token);
    this.tokens.set(connection.accountId, accessToken);
    const hubspot = this.options.gateway.connect({
      accessToken,
      portalId: stored.portalId,
      appId: stored.appId ?? 0,
      timeZone: stored.portalTimeZone,
    });
    return new GatewayMarketingEventsApi(hubspot, stored.tokenFingerprint);
  }
}

/** The sink's HubSpot calls on one gateway connection. */
export class GatewayMarketingEventsApi implements MarketingEventsApi {
  constructor(
    private readonly hubspot: HubSpotConnection,
    readonly tokenFingerprint: string | undefined,
  ) {}

  async upsertEvent(
    params: MarketingEventParams,
    signal: AbortSignal | undefined,
  ): Promise<{ objectId: string }> {
    const response = await upsertMarketingEvent(
      this.hubspot,
      { ...params, customProperties: [] },
      { signal },
    );
    if (response.objectId === undefined) {
      throw new SinkError(
        'MARKETING_SINK_ERR_NO_RESULT',
        `HubSpot returned no objectId for marketing event ${params.externalEventId}; the record is retried`,
      );
    }
    return { objectId: response.objectId };
  }

  async recordAttendance(
    call: {
      externalAccountId: string;
      externalEventId: string;
      state: SubscriberState;
      inputs: readonly AttendanceInput[];
    },
    signal: AbortSignal | undefined,
  ): Promise<AttendanceResult[]> {
    const outcomes = await recordAttendanceByEmail(
      this.hubspot,
      {
        externalAccountId: call.externalAccountId,
        externalEventId: call.externalEventId,
        state: call.state,
        inputs: call.inputs.map((input) => ({
          email: input.email,
          interactionDateTime: input.interactionDateTime,
          ...(Object.keys(input.contactProperties).length > 0
            ? { contactProperties: { ...input.contactProperties } }
            : {}),
        })),
      },
      { signal },
    );
    return outcomes.map((outcome) =>
      outcome.ok ? { ok: true, contactId: String(outcome.result.vid) } : { ok: false, error: outcome.error },
    );
  }
}
