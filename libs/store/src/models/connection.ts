import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

import { modelOptions, type Timestamps } from './shared.js';

/** Health of a HubSpot connection, as last checked. */
export const CONNECTION_HEALTH_STATES = ['healthy', 'unhealthy', 'unknown'] as const;
export type ConnectionHealthState = (typeof CONNECTION_HEALTH_STATES)[number];

/** Effect of an Oniva booking status on the HubSpot marketing event participation. */
export const PARTICIPATION_ACTIONS = ['register', 'attend', 'cancel', 'ignore'] as const;
export type ParticipationAction = (typeof PARTICIPATION_ACTIONS)[number];

/** An access token encrypted with AES-256-GCM; all fields are base64 except `keyId`. */
export interface SealedToken {
  /** Encrypted token bytes. */
  ciphertext: string;
  /** Random 12-byte initialisation vector. */
  iv: string;
  /** 16-byte GCM authentication tag. */
  authTag: string;
  /** Id of the key in `TOKEN_ENCRYPTION_KEYS` that encrypted the token. */
  keyId: string;
}

/** Features a customer enabled for a connection. */
export interface ConnectionFeatures {
  /** Import HubSpot list contacts into Oniva events or as accounts. */
  contactImport: boolean;
  /** One HubSpot marketing event per Oniva event, with participant states. */
  marketingEvents: boolean;
  /** Personal event links as custom object records associated with contacts. */
  customObjects: boolean;
}

/** Outcome of the last health check, with a diagnostic a person can act on. */
export interface ConnectionHealth {
  state: ConnectionHealthState;
  /** Error code of the failure, e.g. `HUBSPOT_TOKEN_INVALID`; absent when healthy. */
  code?: string;
  /** Description of the failure. */
  message?: string;
  /** Action that fixes the failure, e.g. "reconnect with a token that has the crm.objects.custom.write scope". */
  fix?: string;
  /** When the connection entered `state`. */
  since?: Date;
  /** When the state was last confirmed. */
  checkedAt?: Date;
}

/** One HubSpot connection of an Oniva account. */
export interface HubSpotConnection extends Timestamps {
  /** Oniva account that owns the connection; one connection per account. */
  accountId: string;
  /** HubSpot portal (hub) id the token belongs to. */
  portalId: number;
  /** HubSpot app id of the token, when HubSpot reports one. */
  appId?: number;
  /** Encrypted access token. Not returned by queries unless selected with `+token`; absent once deleted. */
  token?: SealedToken;
  /** First 16 hex characters of the token's SHA-256, to recognise a token without decrypting it. */
  tokenFingerprint?: string;
  /** Last four characters of the token, shown to customers. */
  tokenLast4?: string;
  /** Scopes HubSpot granted the token. */
  scopes: string[];
  features: ConnectionFeatures;
  /** Oniva booking status → participation action, e.g. `attended` → `attend`. */
  statusMapping: Map<string, ParticipationAction>;
  /** IANA time zone of the portal, e.g. `Europe/Berlin`; HubSpot's daily limit resets at its midnight. */
  portalTimeZone?: string;
  health: ConnectionHealth;
  /** Last error of any operation on this connection, kept after the health recovers. */
  lastError?: { code: string; message: string; at: Date };
  /** When the connection was deleted; syncing stops and the token is erased. */
  deletedAt?: Date;
}

const sealedTokenSchema = new Schema<SealedToken>(
  {
    ciphertext: { type: String, required: true },
    iv: { type: String, required: true },
    authTag: { type: String, required: true },
    keyId: { type: String, required: true },
  },
  { _id: false, strict: 'throw' },
);

export const connectionSchema = new Schema<HubSpotConnection>(
  {
    accountId: { type: String, required: true },
    portalId: { type: Number, required: true },
    appId: { type: Number },
    token: { type: sealedTokenSchema, select: false },
    tokenFingerprint: { type: String, match: /^[0-9a-f]{16}$/ },
    tokenLast4: { type: String, maxlength: 4 },
    scopes: { type: [String], default: [] },
    features: {
      contactImport: { type: Boolean, default: false },
      marketingEvents: { type: Boolean, default: false },
      customObjects: { type: Boolean, default: false },
    },
    statusMapping: { type: Map, of: { type: String, enum: PARTICIPATION_ACTIONS }, default: () => new Map() },
    portalTimeZone: {
      type: String,
      validate: {
        validator: isIanaTimeZone,
        message: 'Expected an IANA time zone such as Europe/Berlin, received "{VALUE}"',
      },
    },
    health: {
      state: { type: String, enum: CONNECTION_HEALTH_STATES, default: 'unknown' },
      code: { type: String },
      message: { type: String },
      fix: { type: String },
      since: { type: Date },
      checkedAt: { type: Date },
    },
    lastError: {
      type: new Schema(
        {
          code: { type: String, required: true },
          message: { type: String, required: true },
          at: { type: Date, required: true },
        },
        { _id: false, strict: 'throw' },
      ),
    },
    deletedAt: { type: Date },
  },
  modelOptions('connections'),
);
connectionSchema.index({ accountId: 1 }, { unique: true });
connectionSchema.index({ portalId: 1 });

export type ConnectionModel = Model<HubSpotConnection>;

function isIanaTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export function connectionModel(connection: MongooseConnection): ConnectionModel {
  return connection.model<HubSpotConnection>('Connection', connectionSchema);
}
