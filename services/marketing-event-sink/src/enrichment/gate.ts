import { SinkError } from '../errors.js';
import type { SkipReason } from '../outcomes.js';
import type { ConnectionConfig, RecordContext } from './account-config.js';

/** Decision of `checkTransfer` for one record. */
export type GateDecision =
  | { kind: 'send'; connection: ConnectionConfig }
  | { kind: 'skip'; reason: SkipReason }
  | { kind: 'park'; error: SinkError };

/**
 * Decides whether a record that occurred at `occurredAt` may be sent to HubSpot.
 *
 * Nothing is sent for an account without a connection, with the marketing events feature off, or
 * for a workspace or event that is not activated. A record that occurred before the activation
 * (the later of the workspace and event activation times) is skipped, because transfers are not
 * retroactive. Later records of the same booking are sent. These skips come first, so a record
 * that would be skipped anyway is never parked. An unhealthy connection parks the record.
 */
export function checkTransfer(context: RecordContext, occurredAt: Date): GateDecision {
  const { connection, workspaceActivation, eventActivation } = context;
  if (connection === undefined) {
    return { kind: 'skip', reason: 'no-connection' };
  }
  if (!connection.marketingEventsEnabled) {
    return { kind: 'skip', reason: 'feature-disabled' };
  }
  if (workspaceActivation === undefined || !workspaceActivation.active) {
    return { kind: 'skip', reason: 'workspace-not-activated' };
  }
  if (eventActivation === undefined || !eventActivation.active) {
    return { kind: 'skip', reason: 'event-not-activated' };
  }

  const activatedAt = Math.max(
    workspaceActivation.activatedAt.getTime(),
    eventActivation.activatedAt.getTime(),
  );
  if (occurredAt.getTime() < activatedAt) {
    return { kind: 'skip', reason: 'before-activation' };
  }

  if (connection.health.state === 'unhealthy') {
    return { kind: 'park', error: unhealthyError(connection) };
  }
  return { kind: 'send', connection };
}

/** Builds the error that parked records of an unhealthy connection carry. */
export function unhealthyError(connection: ConnectionConfig): SinkError {
  const code = connection.health.code ?? 'unknown';
  const reason = connection.health.message ?? 'no reason stored';
  return new SinkError(
    'MARKETING_SINK_ERR_CONNECTION_UNHEALTHY',
    `HubSpot connection of account ${connection.accountId} is unhealthy (${code}: ${reason}); ` +
      'the record waits parked and is replayed once the connection is fixed',
    { details: { accountId: connection.accountId, healthCode: code } },
  );
}
