import type { Clock } from './clock.js';
import type { SandboxContext } from './context.js';
import { authorizeRequest } from './http/auth.js';
import { invalidAuthentication } from './http/hubspot-errors.js';
import type { PortalState, SandboxState } from './state/store.js';

/** The context plus the hook that runs reset listeners, which only the sandbox itself calls. */
export interface ContextHandle {
  context: SandboxContext;
  runResetListeners(): void;
  /** Current module options by key; the admin API replaces entries. */
  moduleOptions: Map<string, unknown>;
}

export function createSandboxContext(
  state: SandboxState,
  clock: Clock,
  initialModuleOptions: Record<string, unknown> = {},
): ContextHandle {
  const resetListeners: Array<() => void> = [];
  const moduleOptions = new Map<string, unknown>(Object.entries(initialModuleOptions));

  const portal = (portalId: number): PortalState => {
    const portalState = state.portals.get(portalId);
    // A token whose portal is gone is treated like any other invalid token.
    if (portalState === undefined) throw invalidAuthentication();
    return portalState;
  };

  const context: SandboxContext = {
    state,
    clock,
    requireAuth: (request, scopes) => authorizeRequest(state, request, scopes, clock.now()),
    portal,
    contacts: (portalId) => portal(portalId).contacts,
    nextId: (portalId, namespace) => state.nextId(portalId, namespace),
    portalExtension<T>(portalId: number, key: string, create: () => T): T {
      const extensions = portal(portalId).extensions;
      if (!extensions.has(key)) extensions.set(key, create());
      return extensions.get(key) as T;
    },
    moduleOptions: (key) => moduleOptions.get(key),
    onReset: (listener) => {
      resetListeners.push(listener);
    },
    isForcedInputFailure: (request, inputKey) => {
      const failures = request.sandboxTrace?.fault.forcedFailures;
      if (failures === undefined || failures.size === 0) return false;
      return failures.has(inputKey) || failures.has(inputKey.toLowerCase());
    },
  };

  return {
    context,
    moduleOptions,
    runResetListeners: () => {
      for (const listener of resetListeners) listener();
    },
  };
}
