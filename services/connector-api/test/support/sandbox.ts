/**
 * Starts the in-process HubSpot sandbox for a test file.
 *
 * TODO(hubspot-sandbox): import `createSandbox` statically once the sandbox renames its route
 * config key. The sandbox declares `FastifyContextConfig.rateLimit` with its own type, which
 * conflicts with the declaration of @fastify/rate-limit that this service registers, so TypeScript
 * cannot check both in one program. Loading the module by a computed name keeps its types out.
 */
const SANDBOX_MODULE = '@oniva-hubspot/hubspot-sandbox';

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

interface SandboxModule {
  createSandbox(options: { provision: unknown }): Promise<SandboxHandle>;
}

/** Starts a sandbox on a random loopback port with `provision` (the sandbox's provisioning format). */
export async function startSandbox(provision: unknown): Promise<SandboxHandle> {
  const module = (await import(/* @vite-ignore */ SANDBOX_MODULE)) as SandboxModule;
  return module.createSandbox({ provision });
}
