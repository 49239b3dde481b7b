import type { Clock } from '../clock.js';
import { SandboxError } from '../errors.js';
import { ContactStore } from './contacts.js';
import { ListStore } from './lists.js';
import type { PortalRecord } from './portals.js';
import { TokenStore } from './tokens.js';

/** Everything the sandbox keeps for one portal. */
export interface PortalState {
  readonly portal: PortalRecord;
  readonly contacts: ContactStore;
  readonly lists: ListStore;
  /** State of other modules (marketing events, custom objects, ...) by key. */
  readonly extensions: Map<string, unknown>;
  /** Next id per namespace. */
  readonly nextIds: Map<string, number>;
}

/**
 * First id per namespace. Record namespaces start in distinct ranges so that a contact id sent
 * where another record id belongs fails loudly. Legacy list ids start close to list ids on
 * purpose, so one list's legacy id equals another list's id, as HubSpot warns can happen.
 */
const FIRST_IDS: Record<string, number> = {
  contacts: 1001,
  lists: 1,
  'legacy-lists': 3,
  'marketing-events': 500_001,
  'custom-objects': 30_000_001,
};
const DEFAULT_FIRST_ID = 1001;

/** In-memory state of the whole sandbox. */
export class SandboxState {
  readonly portals = new Map<number, PortalState>();
  readonly tokens = new TokenStore();

  constructor(private readonly clock: Clock) {}

  /** Adds (or replaces) a portal with empty contacts and lists. */
  addPortal(portal: PortalRecord): PortalState {
    this.deletePortal(portal.portalId);
    const nextIds = new Map<string, number>();
    const state: PortalState = {
      portal,
      contacts: new ContactStore(
        portal.portalId,
        (count) => reserveIds(nextIds, 'contacts', count),
        this.clock,
      ),
      lists: new ListStore(),
      extensions: new Map(),
      nextIds,
    };
    this.portals.set(portal.portalId, state);
    return state;
  }

  /** Removes a portal and every token bound to it. */
  deletePortal(portalId: number): boolean {
    this.tokens.deleteByPortal(portalId);
    return this.portals.delete(portalId);
  }

  nextId(portalId: number, namespace: string): string {
    const state = this.portals.get(portalId);
    if (state === undefined) {
      throw new SandboxError(
        'SANDBOX_ERR_UNKNOWN_PORTAL',
        `Portal ${portalId} does not exist; provision it first.`,
      );
    }
    return String(reserveIds(state.nextIds, namespace, 1));
  }

  clear(): void {
    this.portals.clear();
    this.tokens.clear();
  }
}

function reserveIds(nextIds: Map<string, number>, namespace: string, count: number): number {
  const first = nextIds.get(namespace) ?? FIRST_IDS[namespace] ?? DEFAULT_FIRST_ID;
  nextIds.set(namespace, first + count);
  return first;
}
