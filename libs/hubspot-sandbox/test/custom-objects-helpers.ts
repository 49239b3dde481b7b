import { Client } from '@hubspot/api-client';
import { ManualClock } from '../src/clock.js';
import { createSandbox, type Sandbox } from '../src/server.js';
import type { ObjectsOptions } from '../src/state/custom-objects-portal.js';

export const ENTERPRISE_PORTAL_ID = 5151;
export const PROFESSIONAL_PORTAL_ID = 6161;
/** Token of the Enterprise portal with every scope the link sink and schema setup need. */
export const TOKEN = 'pat-na1-enterprise';
/** Token of the Enterprise portal that may read schemas but not create them. */
export const SCHEMA_READ_TOKEN = 'pat-na1-schema-read';
/** Token of the Professional portal with the same scopes as `TOKEN`. */
export const PROFESSIONAL_TOKEN = 'pat-na1-professional';

export const OBJECT_SCOPES = [
  'crm.schemas.custom.read',
  'crm.schemas.custom.write',
  'crm.objects.custom.read',
  'crm.objects.custom.write',
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
];

export interface ObjectsSandbox {
  sandbox: Sandbox;
  clock: ManualClock;
  client(token?: string): Client;
  call(method: string, path: string, options?: { token?: string; body?: unknown }): Promise<RawResponse>;
  /** Ids of contacts `ada@example.com`, `grace@example.com` and `alan@example.com` in the Enterprise portal. */
  contactIds: string[];
  close(): Promise<void>;
}

export interface RawResponse {
  status: number;
  // Test code reads arbitrary response fields, so the body is left untyped.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** Starts a sandbox with an Enterprise and a Professional portal and three contacts. */
export async function startObjectsSandbox(options: Partial<ObjectsOptions> = {}): Promise<ObjectsSandbox> {
  const clock = new ManualClock('2026-06-01T12:00:00.000Z');
  const sandbox = await createSandbox({
    clock,
    moduleOptions: { objects: options },
    provision: {
      portals: [
        {
          portalId: ENTERPRISE_PORTAL_ID,
          tier: 'enterprise',
          tokens: [
            { token: TOKEN, appId: 1, scopes: OBJECT_SCOPES },
            {
              token: SCHEMA_READ_TOKEN,
              appId: 2,
              scopes: ['crm.schemas.custom.read', 'crm.objects.custom.read'],
            },
          ],
          contacts: {
            contacts: [
              { email: 'ada@example.com' },
              { email: 'grace@example.com' },
              { email: 'alan@example.com' },
            ],
          },
        },
        {
          portalId: PROFESSIONAL_PORTAL_ID,
          tier: 'professional',
          tokens: [{ token: PROFESSIONAL_TOKEN, appId: 3, scopes: OBJECT_SCOPES }],
        },
      ],
    },
  });

  const contactIds = ['ada@example.com', 'grace@example.com', 'alan@example.com'].map(
    (email) => sandbox.admin.contactByEmail(ENTERPRISE_PORTAL_ID, email)?.id ?? '',
  );
  return {
    sandbox,
    clock,
    contactIds,
    client: (token = TOKEN) =>
      new Client({ accessToken: token, basePath: sandbox.url, numberOfApiCallRetries: 0 }),
    call: (method, path, callOptions = {}) => rawCall(sandbox.url, method, path, callOptions),
    close: () => sandbox.close(),
  };
}

async function rawCall(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown },
): Promise<RawResponse> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${options.token ?? TOKEN}`,
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

/**
 * Builds a schema input like the link sink's: `link_key` unique and required, `url`, a `status`
 * enumeration, associated with contacts.
 */
export function linkSchemaInput(name = 'event_link', overrides: Record<string, unknown> = {}) {
  return {
    name,
    labels: { singular: 'Event link', plural: 'Event links' },
    primaryDisplayProperty: 'link_key',
    requiredProperties: ['link_key'],
    properties: [
      { name: 'link_key', label: 'Link key', type: 'string', fieldType: 'text', hasUniqueValue: true },
      { name: 'url', label: 'URL', type: 'string', fieldType: 'text' },
      {
        name: 'status',
        label: 'Status',
        type: 'enumeration',
        fieldType: 'select',
        options: [
          { label: 'Active', value: 'active' },
          { label: 'Revoked', value: 'revoked' },
        ],
      },
    ],
    associatedObjects: ['CONTACT'],
    ...overrides,
  };
}

export interface CreatedSchema {
  objectTypeId: string;
  fullyQualifiedName: string;
  /** USER_DEFINED type id from the custom object to contacts. */
  toContactTypeId: number;
  /** USER_DEFINED type id from contacts to the custom object. */
  fromContactTypeId: number;
}

/** Creates the link schema and reads both association type ids from the labels endpoint. */
export async function createLinkSchema(harness: ObjectsSandbox, name = 'event_link'): Promise<CreatedSchema> {
  const created = await harness.call('POST', '/crm-object-schemas/v3/schemas', {
    body: linkSchemaInput(name),
  });
  if (created.status !== 201)
    throw new Error(`Creating schema ${name} failed: ${JSON.stringify(created.body)}`);
  const objectTypeId = String(created.body.objectTypeId);
  const toContact = await harness.call('GET', `/crm/v4/associations/${objectTypeId}/0-1/labels`);
  const fromContact = await harness.call('GET', `/crm/v4/associations/0-1/${objectTypeId}/labels`);
  return {
    objectTypeId,
    fullyQualifiedName: String(created.body.fullyQualifiedName),
    toContactTypeId: Number(toContact.body.results[0].typeId),
    fromContactTypeId: Number(fromContact.body.results[0].typeId),
  };
}

/** Awaits an SDK call that must fail and returns its `ApiException`. Throws when the call resolves. */
export async function sdkRejection(
  call: Promise<unknown>,
): Promise<{ code: number; body: RawResponse['body'] }> {
  try {
    await call;
  } catch (error) {
    return error as { code: number; body: RawResponse['body'] };
  }
  throw new Error('Expected the SDK call to reject, but it resolved.');
}
