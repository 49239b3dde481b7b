import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/associations/v4/index.js';
import type { ObjectSchema } from '@hubspot/api-client/lib/codegen/crm/schemas/index.js';
import { ObjectTypePropertyCreateTypeEnum } from '@hubspot/api-client/lib/codegen/crm/schemas/index.js';
import {
  createAssociations,
  createSchema,
  getAssociationTypes,
  listSchemas,
  upsertContactsByEmail,
  upsertRecords,
  type BatchOutcome,
  type HubSpotConnection,
  type HubSpotGateway,
} from '@oniva-hubspot/hubspot-gateway';
import type { StoreModels, TokenCipher } from '@oniva-hubspot/store';

import { AccountTtlCache } from '../enrichment/ttl-cache.js';
import { LinkSinkError } from '../errors.js';
import type {
  AssociationTypeInfo,
  ItemResult,
  LinkApiFactory,
  LinkConnection,
  LinkHubSpotApi,
  RecordInput,
} from '../ports.js';
import type { LinkSchemaDefinition, SchemaSummary } from '../schema/link-object.js';

/**
 * Opens the HubSpot API of a connection through the gateway, which applies the shared per-portal
 * rate limit, timeouts, in-process retries and error classification. The token is read and
 * decrypted once per account and `ttlMs`, and again at once after `invalidateAccount`.
 */
export class GatewayLinkApiFactory implements LinkApiFactory {
  readonly #gateway: HubSpotGateway;
  readonly #models: Pick<StoreModels, 'Connection'>;
  readonly #cipher: TokenCipher;
  readonly #apis: AccountTtlCache<GatewayLinkApi>;
  readonly #tokens = new Map<string, string>();

  constructor(options: {
    gateway: HubSpotGateway;
    models: Pick<StoreModels, 'Connection'>;
    cipher: TokenCipher;
    /** How long a decrypted token is reused before it is read again, in milliseconds. */
    ttlMs: number;
  }) {
    this.#gateway = options.gateway;
    this.#models = options.models;
    this.#cipher = options.cipher;
    this.#apis = new AccountTtlCache({ ttlMs: options.ttlMs });
  }

  forConnection(connection: LinkConnection): Promise<LinkHubSpotApi> {
    return this.#apis.get(connection.accountId, 'api', () => this.#open(connection.accountId));
  }

  invalidateAccount(accountId: string): void {
    this.#apis.invalidateAccount(accountId);
    const token = this.#tokens.get(accountId);
    if (token !== undefined) {
      this.#gateway.disconnect(token);
      this.#tokens.delete(accountId);
    }
  }

  async #open(accountId: string): Promise<GatewayLinkApi> {
    const stored = await this.#models.Connection.findOne({ accountId }).select('+token').lean();
    if (stored?.token === undefined || stored.deletedAt != null) {
      throw new LinkSinkError(
        'LINK_SINK_ERR_TOKEN_MISSING',
        `Connection of account ${accountId} has no stored token; save a token for it in the connector API`,
        { details: { accountId } },
      );
    }

    const accessToken = this.#cipher.decryptToken(stored.token);
    this.#tokens.set(accountId, accessToken);
    const hubspot = this.#gateway.connect({
      accessToken,
      portalId: stored.portalId,
      appId: stored.appId ?? 0,
      timeZone: stored.portalTimeZone,
    });
    return new GatewayLinkApi(hubspot, stored.tokenFingerprint);
  }
}

/** The sink's HubSpot calls on one gateway connection. */
export class GatewayLinkApi implements LinkHubSpotApi {
  readonly #hubspot: HubSpotConnection;
  readonly tokenFingerprint: string | undefined;

  constructor(hubspot: HubSpotConnection, tokenFingerprint: string | undefined) {
    this.#hubspot = hubspot;
    this.tokenFingerprint = tokenFingerprint;
  }

  async listSchemas(signal: AbortSignal | undefined): Promise<SchemaSummary[]> {
    const schemas = await listSchemas(this.#hubspot, { signal });
    return schemas.map(summarize);
  }

  async createSchema(
    definition: LinkSchemaDefinition,
    signal: AbortSignal | undefined,
  ): Promise<SchemaSummary> {
    const created = await createSchema(
      this.#hubspot,
      {
        ...definition,
        properties: definition.properties.map((property) => ({
          ...property,
          type: ObjectTypePropertyCreateTypeEnum.String,
        })),
      },
      { signal },
    );
    return summarize(created);
  }

  async associationTypes(
    request: { fromObjectType: string; toObjectType: string },
    signal: AbortSignal | undefined,
  ): Promise<AssociationTypeInfo[]> {
    const types = await getAssociationTypes(this.#hubspot, request, { signal });
    return types.map((type) => ({
      category: String(type.category),
      typeId: type.typeId,
      label: type.label ?? null,
    }));
  }

  async upsertContacts(
    emails: readonly string[],
    signal: AbortSignal | undefined,
  ): Promise<ItemResult<string>[]> {
    const outcomes = await upsertContactsByEmail(
      this.#hubspot,
      emails.map((email) => ({ email, properties: {} })),
      { signal },
    );
    return outcomes.map((entry) => idOf(entry, 'contact', entry.input.email));
  }

  async upsertRecords(
    request: { objectTypeId: string; idProperty: string; inputs: readonly RecordInput[] },
    signal: AbortSignal | undefined,
  ): Promise<ItemResult<string>[]> {
    const outcomes = await upsertRecords(
      this.#hubspot,
      { objectType: request.objectTypeId, idProperty: request.idProperty, inputs: request.inputs },
      { signal },
    );
    return outcomes.map((entry) => idOf(entry, 'record', entry.input.id));
  }

  async createAssociations(
    request: {
      fromObjectType: string;
      toObjectType: string;
      associationTypeId: number;
      pairs: readonly { fromId: string; toId: string }[];
    },
    signal: AbortSignal | undefined,
  ): Promise<ItemResult<void>[]> {
    const types = [
      {
        associationCategory: AssociationSpecAssociationCategoryEnum.UserDefined,
        associationTypeId: request.associationTypeId,
      },
    ];
    const outcomes = await createAssociations(
      this.#hubspot,
      {
        fromObjectType: request.fromObjectType,
        toObjectType: request.toObjectType,
        inputs: request.pairs.map((pair) => ({ fromId: pair.fromId, toId: pair.toId, types })),
      },
      { signal },
    );
    return outcomes.map((entry): ItemResult<void> => (entry.ok ? { ok: true, value: undefined } : entry));
  }
}

function summarize(schema: ObjectSchema): SchemaSummary {
  const objectTypeId = schema.objectTypeId ?? schema.fullyQualifiedName;
  if (objectTypeId === undefined) {
    throw new LinkSinkError(
      'LINK_SINK_ERR_SCHEMA_SETUP_FAILED',
      `HubSpot returned custom object "${schema.name}" without objectTypeId or fullyQualifiedName`,
      { details: { schemaName: schema.name } },
    );
  }
  return {
    name: schema.name,
    objectTypeId,
    fullyQualifiedName: schema.fullyQualifiedName ?? objectTypeId,
    properties: schema.properties.map((property) => ({
      name: property.name,
      hasUniqueValue: property.hasUniqueValue === true,
    })),
  };
}

function idOf<I>(entry: BatchOutcome<I, { id?: string }>, kind: string, name: string): ItemResult<string> {
  if (!entry.ok) {
    return { ok: false, error: entry.error };
  }
  if (typeof entry.result.id !== 'string' || entry.result.id === '') {
    return {
      ok: false,
      error: new LinkSinkError(
        'LINK_SINK_ERR_NO_RESULT',
        `HubSpot returned no id for ${kind} ${name}; the link is retried`,
      ),
    };
  }
  return { ok: true, value: entry.result.id };
}
