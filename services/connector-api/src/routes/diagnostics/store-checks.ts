import type { StoreModels } from '@oniva-hubspot/store';

import type { ConnectionDocument } from '../connections/connection-records.js';
import { findActivation } from '../activations/service.js';
import { finding, pass, skip, type CheckResult } from './result.js';

/** Reports a failure that a sink stored on the connection (e.g. custom objects refused by HubSpot). */
export function checkStoredHealth(connection: ConnectionDocument): CheckResult {
  const health = connection.health;
  if (health?.state !== 'unhealthy') {
    return pass(
      'connection-health',
      `No sync failure is recorded on the connection (state ${health?.state ?? 'unknown'}).`,
    );
  }
  const since = health.since ? ` since ${health.since.toISOString()}` : '';
  return finding({
    check: 'connection-health',
    status: 'fail',
    code: 'CONNECTION_UNHEALTHY',
    message: `The sync reported the connection unhealthy${since}: ${health.message ?? health.code ?? 'no details'}.`,
    fix:
      health.fix ??
      'Apply the fixes of the other failed checks; the state turns healthy with the next successful write.',
    details: { code: health.code },
  });
}

/**
 * Checks workspace and event activation. Without a workspace it only checks that some workspace
 * is active, because nothing is synced or offered for import otherwise.
 */
export async function checkActivations(
  models: StoreModels,
  input: { accountId: string; workspaceId?: string | undefined; eventId?: string | undefined },
): Promise<CheckResult[]> {
  const { accountId, workspaceId, eventId } = input;
  if (workspaceId === undefined) {
    const active = await models.Activation.countDocuments({
      accountId,
      level: 'workspace',
      deactivatedAt: null,
    });
    if (active > 0) {
      return [
        pass(
          'workspace-activation',
          `${active} workspace(s) are activated. Pass workspaceId and eventId to check one event.`,
        ),
      ];
    }
    return [
      finding({
        check: 'workspace-activation',
        status: 'warn',
        code: 'NO_WORKSPACE_ACTIVATED',
        message:
          'No workspace is activated, so HubSpot is not available as an import source and no event data is transferred.',
        fix: `Activate the app connection of a workspace with PUT /v1/accounts/${accountId}/workspaces/{workspaceId}/activation, then of its events.`,
      }),
    ];
  }

  const results: CheckResult[] = [];
  const workspace = await findActivation(models, { accountId, workspaceId, eventId: null });
  const workspaceActive = workspace !== null && workspace.deactivatedAt === null;
  results.push(
    workspaceActive
      ? pass(
          'workspace-activation',
          `Workspace "${workspaceId}" is activated since ${workspace.activatedAt.toISOString()}.`,
        )
      : finding({
          check: 'workspace-activation',
          status: 'fail',
          code: 'WORKSPACE_NOT_ACTIVATED',
          message: `Workspace "${workspaceId}" is not activated, so its events get no sync and no HubSpot import.`,
          fix: `Activate it with PUT /v1/accounts/${accountId}/workspaces/${workspaceId}/activation.`,
        }),
  );
  if (eventId === undefined) {
    return results;
  }

  const event = await findActivation(models, { accountId, workspaceId, eventId });
  if (event === null || event.deactivatedAt !== null) {
    results.push(
      finding({
        check: 'event-activation',
        status: 'fail',
        code: 'EVENT_NOT_ACTIVATED',
        message: `Event "${eventId}" is not activated, so HubSpot is not available as an import source for it and its data is not transferred.`,
        fix: `Activate it with PUT /v1/accounts/${accountId}/workspaces/${workspaceId}/events/${eventId}/activation${workspaceActive ? '' : ' after activating the workspace'}.`,
      }),
    );
  } else {
    results.push(
      pass(
        'event-activation',
        `Event "${eventId}" is activated since ${event.activatedAt.toISOString()}. Bookings recorded before that time are ` +
          'not transferred retroactively; later status changes are.',
        { activatedAt: event.activatedAt.toISOString() },
      ),
    );
  }
  return results;
}

/** Reports parked records and dead letters waiting for a person. */
export async function checkBacklog(
  models: StoreModels,
  input: { accountId: string; eventId?: string | undefined },
): Promise<CheckResult[]> {
  const { accountId, eventId } = input;
  const parkedFilter = eventId === undefined ? { accountId } : { accountId, key: eventId };
  const deadFilter =
    eventId === undefined ? { accountId, replayedAt: null } : { accountId, eventId, replayedAt: null };
  const [parked, deadLetters, parkedReasons] = await Promise.all([
    models.ParkedMessage.countDocuments(parkedFilter),
    models.DeadLetter.countDocuments(deadFilter),
    models.ParkedMessage.distinct('reason', parkedFilter),
  ]);
  const sync = `/v1/accounts/${accountId}/sync`;

  const results: CheckResult[] = [];
  results.push(
    parked === 0
      ? pass('parked-records', 'No records are parked.')
      : finding({
          check: 'parked-records',
          status: 'warn',
          code: 'RECORDS_PARKED',
          message: `${parked} record(s) wait because the connection could not take writes (${parkedReasons.join(', ')}).`,
          fix:
            'Fix the failed checks above. Rotating the token or switching a feature on replays them; ' +
            `otherwise replay them with POST ${sync}/parked/replay.`,
          details: { parked, reasons: parkedReasons },
        }),
  );
  results.push(
    deadLetters === 0
      ? pass('dead-letters', 'No dead letters wait for replay.')
      : finding({
          check: 'dead-letters',
          status: 'warn',
          code: 'RECORDS_DEAD_LETTERED',
          message: `${deadLetters} record(s) were dead-lettered: HubSpot rejected them or they were invalid.`,
          fix: `Read the errors with GET ${sync}/dead-letters, correct the data in Oniva, then replay them with POST ${sync}/dead-letters/replay.`,
          details: { deadLetters },
        }),
  );
  return results;
}

/** Result for an account without a connection; every other check is skipped. */
export function notConnected(accountId: string): CheckResult[] {
  return [
    finding({
      check: 'connection',
      status: 'fail',
      code: 'NOT_CONNECTED',
      message: 'The account has no HubSpot connection, so the connection fails and nothing is synced.',
      fix: `Create a private app in HubSpot with the scopes of the features you use, then POST /v1/accounts/${accountId}/connection with its token.`,
    }),
    skip('token', 'Not checked: no connection.'),
  ];
}
