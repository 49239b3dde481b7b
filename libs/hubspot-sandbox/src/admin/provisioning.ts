import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import { SandboxError } from '../errors.js';
import { HubSpotHttpError } from '../http/hubspot-errors.js';
import { customContactProperty } from '../state/contact-properties.js';
import type { ContactStore } from '../state/contacts.js';
import type { ListRecord } from '../state/lists.js';
import type { PortalRecord } from '../state/portals.js';
import type { PortalState, SandboxState } from '../state/store.js';
import type { TokenRecord } from '../state/tokens.js';
import {
  contactPropertySpecSchema,
  contactsSpecSchema,
  listSpecSchema,
  portalSpecSchema,
  tokenSpecSchema,
  type ContactsSpec,
  type ListSpec,
  type PortalSpec,
  type TokenSpec,
} from './schemas.js';

/** A token as the admin API returns it; scopes as an array. */
export interface TokenInfo {
  token: string;
  portalId: number;
  appId: number;
  userId: number;
  scopes: string[];
  /** ISO time after which the token is rejected, when it was rotated with a grace period. */
  expiresAt?: string;
}

export interface ListSummary {
  listId: string;
  legacyListId: string;
  name: string;
  processingType: string;
  size: number;
}

export interface ContactsAdded {
  /** Ids of explicit contacts, in input order. */
  ids: string[];
  /** Id range of generated contacts. */
  generated?: { firstId: string; count: number };
}

export interface PortalSummary {
  portalId: number;
  tokens: TokenInfo[];
  lists: ListSummary[];
  contacts: ContactsAdded;
}

export function tokenInfo(record: TokenRecord): TokenInfo {
  return {
    token: record.token,
    portalId: record.portalId,
    appId: record.appId,
    userId: record.userId,
    scopes: [...record.scopes],
    ...(record.expiresAt === undefined ? {} : { expiresAt: new Date(record.expiresAt).toISOString() }),
  };
}

export function listSummary(list: ListRecord): ListSummary {
  return {
    listId: list.listId,
    legacyListId: list.legacyListId,
    name: list.name,
    processingType: list.processingType,
    size: list.members.size,
  };
}

/** Generates a private-app token in HubSpot's format, `pat-<region>-<uuid>`. */
export function generateToken(dataHostingLocation: string): string {
  const region = /^[a-z]{2}\d$/.test(dataHostingLocation) ? dataHostingLocation : 'na1';
  return `pat-${region}-${randomUUID()}`;
}

/** Creates a portal with its tokens, contact properties, contacts and lists. */
export function provisionPortal(state: SandboxState, input: PortalSpec, clock: Clock): PortalSummary {
  const spec = portalSpecSchema.parse(input);
  const portal: PortalRecord = {
    portalId: spec.portalId,
    tier: spec.tier,
    limitPacks: spec.limitPacks ?? 0,
    timeZone: spec.timeZone ?? 'UTC',
    accountType: spec.accountType ?? 'STANDARD',
    companyCurrency: spec.companyCurrency ?? 'USD',
    additionalCurrencies: spec.additionalCurrencies ?? [],
    uiDomain: spec.uiDomain ?? 'app.hubspot.com',
    dataHostingLocation: spec.dataHostingLocation ?? 'na1',
    limits: {},
  };
  for (const [key, value] of Object.entries(spec.limits ?? {})) {
    if (value !== null && value !== undefined) portal.limits[key as keyof PortalRecord['limits']] = value;
  }
  const portalState = state.addPortal(portal);

  spec.contactProperties?.forEach((property, index) => {
    const parsed = contactPropertySpecSchema.parse(property);
    portalState.contacts.addPropertyDefinition(
      customContactProperty(
        {
          ...parsed,
          options: parsed.options?.map((item, order) => ({ ...item, displayOrder: order, hidden: false })),
        },
        1000 + index,
      ),
    );
  });

  const tokens = (spec.tokens ?? []).map((token) => addToken(state, portal.portalId, token));
  const contacts =
    spec.contacts === undefined ? { ids: [] } : addContacts(portalState, spec.contacts, 'contacts');
  const lists = (spec.lists ?? []).map((list, index) =>
    addList(state, portalState, list, clock, `lists.${index}`),
  );
  return { portalId: portal.portalId, tokens, lists, contacts };
}

export function addToken(state: SandboxState, portalId: number, input: TokenSpec): TokenInfo {
  const portalState = requirePortal(state, portalId);
  const spec = tokenSpecSchema.parse(input);
  const record: TokenRecord = {
    token: spec.token ?? generateToken(portalState.portal.dataHostingLocation),
    portalId,
    appId: spec.appId,
    userId: spec.userId,
    scopes: new Set(spec.scopes),
  };
  state.tokens.add(record);
  return tokenInfo(record);
}

/** Adds generated and explicit contacts; `field` names the input in error messages. */
export function addContacts(portalState: PortalState, input: ContactsSpec, field: string): ContactsAdded {
  const spec = contactsSpecSchema.parse(input);
  const ids = (spec.contacts ?? []).map(
    (properties, index) => findOrCreate(portalState.contacts, properties, `${field}.contacts.${index}`).id,
  );
  if (spec.generate === undefined || spec.generate === 0) return { ids };
  const range = portalState.contacts.generate({
    count: spec.generate,
    domain: spec.domain,
    properties: spec.properties,
  });
  return { ids, generated: { firstId: String(range.firstId), count: range.count } };
}

export function addList(
  state: SandboxState,
  portalState: PortalState,
  input: ListSpec,
  clock: Clock,
  field: string,
): ListSummary {
  const spec = listSpecSchema.parse(input);
  const portalId = portalState.portal.portalId;
  const now = clock.now();
  const list = portalState.lists.create(
    {
      listId: state.nextId(portalId, 'lists'),
      legacyListId: state.nextId(portalId, 'legacy-lists'),
      name: spec.name,
      processingType: spec.processingType,
      folderName: spec.folderName,
    },
    now,
  );

  const added = addContacts(
    portalState,
    { generate: spec.generate, domain: spec.domain, properties: spec.properties, contacts: spec.contacts },
    field,
  );
  const memberIds: number[] = [...added.ids, ...(spec.memberIds ?? []).map(String)].map(Number);
  portalState.lists.addMembers(list, memberIds, now);
  if (added.generated !== undefined) {
    const first = Number(added.generated.firstId);
    portalState.lists.addMembers(list, rangeOf(first, added.generated.count), now);
  }
  return listSummary(list);
}

export function requirePortal(state: SandboxState, portalId: number): PortalState {
  const portalState = state.portals.get(portalId);
  if (portalState === undefined) {
    throw new SandboxError(
      'SANDBOX_ERR_UNKNOWN_PORTAL',
      `Portal ${portalId} does not exist; provision it first.`,
    );
  }
  return portalState;
}

function* rangeOf(first: number, count: number): Generator<number> {
  for (let id = first; id < first + count; id += 1) yield id;
}

function findOrCreate(contacts: ContactStore, properties: Record<string, string>, field: string) {
  const email = properties['email'];
  const existing = email === undefined ? undefined : contacts.findByEmail(email);
  if (existing !== undefined) return existing;
  try {
    return contacts.create(properties);
  } catch (error) {
    if (error instanceof HubSpotHttpError) {
      throw new SandboxError('SANDBOX_ERR_INVALID_PROVISIONING', `${field}: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
}
