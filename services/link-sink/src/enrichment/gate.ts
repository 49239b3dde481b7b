import { LinkSinkError } from '../errors.js';
import type { SkipReason } from '../outcomes.js';
import type { GateContext, LinkConnection } from '../ports.js';

/** Decision of `checkTransfer` for one record. */
export type GateDecision =
  | { kind: 'send'; connection: LinkConnection }
  | { kind: 'skip'; reason: SkipReason }
  | { kind: 'park'; connection: LinkConnection; error: LinkSinkError };

/**
 * Decides whether a link that occurred at `occurredAt` may be sent to HubSpot.
 *
 * Nothing is sent for an account without a connection, with the Custom Objects feature off, or
 * for a workspace or event that is not activated (or was deactivated). A link that occurred before
 * the later of the workspace and event activation times is skipped, because transfers are not
 * retroactive. These skips come first, so a link that would be skipped anyway is never parked.
 * A connection marked unhealthy parks the link without calling HubSpot.
 */
export function checkTransfer(context: GateContext, occurredAt: Date): GateDecision {
  const { connection, workspaceActivation, eventActivation } = context;
  if (connection === undefined) {
    return { kind: 'skip', reason: 'no-connection' };
  }
  if (!connection.customObjectsEnabled) {
    return { kind: 'skip', reason: 'feature-disabled' };
  }
  if (workspaceActivation === undefined || !workspaceActivation.active) {
    return { kind: 'skip', reason: 'workspace-not-activated' };
  }
  if (eventActivation === undefined || !eventActivation.active) {
    return { kind: 'skip', reason: 'event-not-activated' };
  }

  const activatedAtMs = Math.max(
    workspaceActivation.activatedAt.getTime(),
    eventActivation.activatedAt.getTime(),
  );
  if (occurredAt.getTime() < activatedAtMs) {
    return { kind: 'skip', reason: 'before-activation' };
  }

  if (connection.health.state === 'unhealthy') {
    return { kind: 'park', connection, error: unhealthyConnectionError(connection) };
  }
  return { kind: 'send', connection };
}

/** Builds the error that links of an unhealthy connection are parked with. */
export function unhealthyConnectionError(connection: LinkConnection): LinkSinkError {
  const code = connection.health.code ?? 'unknown';
  const reason = connection.health.message ?? 'no reason stored';
  return new LinkSinkError(
    'LINK_SINK_ERR_CONNECTION_UNHEALTHY',
    `HubSpot connection of account ${connection.accountId} is unhealthy (${code}: ${reason}); ` +
      'the link waits parked and is replayed once the connection is fixed',
    { details: { accountId: connection.accountId, healthCode: code } },
  );
}
