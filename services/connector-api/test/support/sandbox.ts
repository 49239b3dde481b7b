import { createSandbox, type Provisioning } from '@oniva-hubspot/hubspot-sandbox';

/** The part of the sandbox's admin API these tests use. */
export interface SandboxAdminApi {
  addToken(portalId: number, spec: { token?: string; appId?: number; scopes?: string[] }): { token: string };
  updatePortal(portalId: number, input: { tier?: string; limitPacks?: number }): unknown;
  lists(portalId: number): Array<{ listId: string; name: string }>;
  addList(
    portalId: number,
    spec: { name: string; processingType?: string; generate?: number },
  ): { listId: string };
  setScopes(token: string, scopes: string[]): unknown;
  rotateToken(token: string, input?: { expireNow?: boolean; newToken?: string }): unknown;
  deleteToken(token: string): void;
  setLimits(portalId: number, input: { burstMax?: number | null; dailyMax?: number | null }): unknown;
  requests(filter?: {
    path?: string;
    method?: string;
  }): Array<{ method: string; path: string; status?: number }>;
  addFault(rule: unknown): unknown;
  clearFaults(): void;
}

/** A running sandbox. */
export interface SandboxHandle {
  url: string;
  admin: SandboxAdminApi;
  close(): Promise<void>;
}

/** Starts a sandbox on a random loopback port with `provision` (the sandbox's provisioning format). */
export async function startSandbox(provision: unknown): Promise<SandboxHandle> {
  return createSandbox({ provision: provision as Provisioning });
}
