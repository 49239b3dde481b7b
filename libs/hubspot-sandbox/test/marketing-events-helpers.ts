import { Client } from '@hubspot/api-client';
import { ManualClock } from '../src/clock.js';
import { createSandbox, type Sandbox } from '../src/server.js';
import type { MarketingEventOptions } from '../src/state/marketing-events-portal.js';

export const PORTAL_ID = 4242;
/** Token of the private app that creates the events (app 1). */
export const OWNER_TOKEN = 'pat-na1-owner';
/** Token of a second private app of the same portal (app 2). */
export const OTHER_APP_TOKEN = 'pat-na1-other-app';
/** Token of app 1 that may only read marketing events. */
export const READ_ONLY_TOKEN = 'pat-na1-read-only';
export const OWNER_APP_ID = 1;
export const OTHER_APP_ID = 2;

export const MARKETING_SCOPES = [
  'crm.objects.marketing_events.read',
  'crm.objects.marketing_events.write',
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
];

/** Start of every test's clock: a fixed instant, so dates in assertions are stable. */
export const START = Date.parse('2026-06-01T12:00:00.000Z');

export interface MarketingSandbox {
  sandbox: Sandbox;
  clock: ManualClock;
  /** An SDK 14 client for `token`, with the SDK's own retries off. */
  client(token?: string): Client;
  /** Sends a raw HTTP request and returns the status and parsed JSON body (undefined when empty). */
  call(method: string, path: string, options?: { token?: string; body?: unknown }): Promise<RawResponse>;
  close(): Promise<void>;
}

export interface RawResponse {
  status: number;
  // Test code reads arbitrary response fields, so the body is left untyped.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** Starts a sandbox with one Professional portal, two apps and a manual clock at `START`. */
export async function startMarketingSandbox(
  options: Partial<MarketingEventOptions> = {},
): Promise<MarketingSandbox> {
  const clock = new ManualClock(START);
  const sandbox = await createSandbox({
    clock,
    moduleOptions: { marketingEvents: options },
    provision: {
      portals: [
        {
          portalId: PORTAL_ID,
          tier: 'professional',
          tokens: [
            { token: OWNER_TOKEN, appId: OWNER_APP_ID, scopes: MARKETING_SCOPES },
            { token: OTHER_APP_TOKEN, appId: OTHER_APP_ID, scopes: MARKETING_SCOPES },
            { token: READ_ONLY_TOKEN, appId: OWNER_APP_ID, scopes: ['crm.objects.marketing_events.read'] },
          ],
        },
      ],
    },
  });
  return {
    sandbox,
    clock,
    client: (token = OWNER_TOKEN) =>
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
      authorization: `Bearer ${options.token ?? OWNER_TOKEN}`,
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

/** Builds a create body with the four required fields and the given overrides. */
export function eventInput(externalEventId: string, overrides: Record<string, unknown> = {}) {
  return {
    externalAccountId: 'oniva-account-1',
    externalEventId,
    eventName: `Event ${externalEventId}`,
    eventOrganizer: 'Oniva',
    customProperties: [],
    ...overrides,
  };
}

/** Creates an event through raw HTTP as the owner app and returns its objectId. */
export async function createEvent(
  harness: MarketingSandbox,
  externalEventId: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const response = await harness.call('POST', '/marketing/v3/marketing-events/events', {
    body: eventInput(externalEventId, overrides),
  });
  if (response.status !== 200)
    throw new Error(`Creating event ${externalEventId} failed: ${JSON.stringify(response.body)}`);
  return String(response.body.objectId);
}

/** Adds contacts with the given emails and returns their ids. */
export function addContacts(harness: MarketingSandbox, contacts: Array<Record<string, string>>): string[] {
  return harness.sandbox.admin.addContacts(PORTAL_ID, { contacts }).ids;
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
