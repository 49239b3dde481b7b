import { Client } from '@hubspot/api-client';
import { afterEach } from 'vitest';
import { createSandbox, type Sandbox, type SandboxOptions } from '../src/index.js';

export const PORTAL_ID = 4242;
export const TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';
export const APP_ID = 7;

/** Every scope the core endpoints check. */
export const ALL_SCOPES = [
  'crm.lists.read',
  'crm.lists.write',
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
];

const running: Sandbox[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((sandbox) => sandbox.close()));
});

/**
 * Starts a sandbox with one Professional portal (`PORTAL_ID`, Europe/Berlin) and one token
 * (`TOKEN`, app `APP_ID`) holding `ALL_SCOPES`; it is closed after the test.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await createSandbox({
    provision: {
      portals: [
        {
          portalId: PORTAL_ID,
          tier: 'professional',
          timeZone: 'Europe/Berlin',
          tokens: [{ token: TOKEN, appId: APP_ID, userId: 99, scopes: ALL_SCOPES }],
        },
      ],
    },
    ...options,
  });
  running.push(sandbox);
  return sandbox;
}

/** Creates an SDK client as the gateway builds it: no SDK retries, sandbox base path. */
export function sdkClient(sandbox: Sandbox, accessToken = TOKEN): Client {
  return new Client({ accessToken, basePath: sandbox.url, numberOfApiCallRetries: 0 });
}

/** Raw fetch with a Bearer token, for cases the SDK cannot express (headers, bad bodies). */
export async function call(
  sandbox: Sandbox,
  path: string,
  init: { method?: string; body?: unknown; token?: string | null; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; json: () => unknown; text: string }> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  const token = init.token === undefined ? TOKEN : init.token;
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  let body: string | undefined;
  if (init.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  }
  const response = await fetch(`${sandbox.url}${path}`, { method: init.method ?? 'GET', headers, body });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: () => JSON.parse(text) as unknown,
  };
}

/** The `ApiException` fields the SDK rejects with. */
export interface SdkError {
  code: number;
  body: unknown;
  headers: Record<string, string>;
}

/** Awaits a promise that must reject with an SDK `ApiException` and returns it. */
export async function sdkError(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('Expected the SDK call to reject, but it resolved.');
}

/** Returns the error fields of a batch response, which the SDK types only on its 207 variant. */
export function batchErrors(data: object): {
  numErrors?: number;
  errors?: Array<{ status: string; category: string; message: string; context: Record<string, string[]> }>;
} {
  return data as ReturnType<typeof batchErrors>;
}
