import { randomUUID } from 'node:crypto';

import type { ImportRequestRecord } from '@oniva-hubspot/contracts';
import { isHubSpotError } from '@oniva-hubspot/hubspot-gateway';
import { readImportLease, requestImportCancel, type ImportRun } from '@oniva-hubspot/store';

import { EMAIL_PROPERTY } from '../../domain/oniva-fields.js';
import { ApiError } from '../../errors.js';
import { callHubSpot, fromHubSpotError } from '../../hubspot/errors.js';
import type { HubSpotCredentials } from '../../hubspot/port.js';
import { isoOrUndefined } from '../../http/common-schemas.js';
import { isActive } from '../activations/service.js';
import { CONTACT_OBJECT_TYPE_ID } from '../lookups/routes.js';
import { connectionFor } from '../shared/connection-access.js';
import type { RequestContext } from '../shared/context.js';
import { plainRecord } from '../shared/plain-record.js';
import type { ImportRunView, StartImportBody } from './schemas.js';

const FINAL_STATES = new Set(['completed', 'failed', 'cancelled']);

/**
 * Validates an import request against the connection, the activations and the live HubSpot list
 * and contact properties, stores the run as `queued` and publishes the import request. The
 * importer service does the work and updates the run.
 */
export async function startImport(
  context: RequestContext,
  accountId: string,
  body: StartImportBody,
): Promise<ImportRunView> {
  const { deps } = context;
  const { credentials } = await connectionFor(deps, accountId, 'contactImport');
  if (body.target === 'event-contacts') {
    await requireActiveEvent(context, accountId, body.workspaceId, body.eventId);
  }
  await requireContactList(context, accountId, credentials, body.listId);
  await requireKnownProperties(context, accountId, credentials, body.fieldMapping);
  await rejectRunningDuplicate(context, accountId, body);

  const importId = randomUUID();
  const requestedAt = deps.now();
  const request = {
    target: body.target,
    listId: body.listId,
    mode: body.mode,
    fieldMapping: body.fieldMapping,
    ...(body.target === 'event-contacts'
      ? { workspaceId: body.workspaceId, eventId: body.eventId }
      : { accountType: body.accountType }),
  };
  const run = await deps.models.ImportRun.create({ importId, accountId, request, state: 'queued' });

  const record: ImportRequestRecord =
    body.target === 'event-contacts'
      ? {
          ...commonRecordFields(importId, accountId, body, requestedAt),
          target: 'event-contacts',
          workspaceId: body.workspaceId,
          eventId: body.eventId,
        }
      : {
          ...commonRecordFields(importId, accountId, body, requestedAt),
          target: 'accounts',
          accountType: body.accountType,
        };
  try {
    await deps.messaging.publishImportRequest(record);
  } catch (error) {
    // No other process writes a run before its request is published, so this update cannot conflict.
    await deps.models.ImportRun.updateOne(
      { importId },
      {
        $set: {
          state: 'failed',
          finishedAt: deps.now(),
          failure: {
            code: 'API_DEPENDENCY_UNAVAILABLE',
            message: 'The import request could not be published to Kafka.',
          },
        },
      },
    );
    context.log.error({ err: error, accountId, importId }, 'publishing import request failed');
    throw new ApiError(
      'API_DEPENDENCY_UNAVAILABLE',
      'The import could not be started because Kafka is unavailable; the run was marked failed. Try again later.',
      { cause: error, details: { importId } },
    );
  }

  context.log.info(
    { accountId, importId, target: body.target, listId: body.listId, mode: body.mode },
    'import queued',
  );
  return toImportRunView(run, undefined);
}

/** Reads a run of the account with its latest progress; 404 for unknown ids and other accounts' runs. */
export async function readImport(
  context: RequestContext,
  accountId: string,
  importId: string,
): Promise<ImportRunView> {
  const run = await findRun(context, accountId, importId);
  const lease = await readImportLease(context.deps.models.ImportRunLease, importId);
  return toImportRunView(run, lease?.checkpoint);
}

/**
 * Requests cancellation of a queued or running import. The importer stops at its next checkpoint
 * and sets the state to `cancelled`; the response still shows the state before that.
 */
export async function cancelImport(
  context: RequestContext,
  accountId: string,
  importId: string,
): Promise<ImportRunView> {
  const { deps } = context;
  const run = await findRun(context, accountId, importId);
  if (FINAL_STATES.has(run.state)) {
    throw new ApiError(
      'API_IMPORT_FINISHED',
      `Import ${importId} already ended with state "${run.state}"; there is nothing to cancel. Start a new import instead.`,
    );
  }

  const now = deps.now();
  // The lease log is what the importer checks; the field on the run is for display only.
  await requestImportCancel(deps.models.ImportRunLease, importId, now);
  if (run.cancelRequestedAt === undefined || run.cancelRequestedAt === null) {
    await deps.models.ImportRun.updateOne({ importId }, { $set: { cancelRequestedAt: now } });
  }
  context.log.info({ accountId, importId }, 'import cancel requested');
  return readImport(context, accountId, importId);
}

/** Lists the account's runs, newest first, with a time cursor. */
export async function listImports(
  context: RequestContext,
  accountId: string,
  query: {
    target?: string | undefined;
    eventId?: string | undefined;
    limit: number;
    before?: string | undefined;
  },
): Promise<{ imports: ImportRunView[]; nextBefore?: string }> {
  const filter: Record<string, unknown> = { accountId };
  if (query.target !== undefined) filter['request.target'] = query.target;
  if (query.eventId !== undefined) filter['request.eventId'] = query.eventId;
  if (query.before !== undefined) filter.createdAt = { $lt: new Date(query.before) };

  const runs = await context.deps.models.ImportRun.find(filter)
    .sort({ createdAt: -1 })
    .limit(query.limit + 1);
  const page = runs.slice(0, query.limit);
  const last = page.at(-1);
  return {
    imports: page.map((run) => toImportRunView(run, undefined)),
    ...(runs.length > query.limit && last !== undefined ? { nextBefore: last.createdAt.toISOString() } : {}),
  };
}

async function findRun(context: RequestContext, accountId: string, importId: string) {
  const run = await context.deps.models.ImportRun.findOne({ importId, accountId });
  if (run === null) {
    throw new ApiError(
      'API_IMPORT_NOT_FOUND',
      `No import ${importId} for account "${accountId}". GET /v1/accounts/${accountId}/imports lists the imports.`,
    );
  }
  return run;
}

async function requireActiveEvent(
  context: RequestContext,
  accountId: string,
  workspaceId: string,
  eventId: string,
): Promise<void> {
  const models = context.deps.models;
  const workspaceActive = await isActive(models, { accountId, workspaceId, eventId: null });
  const eventActive = workspaceActive && (await isActive(models, { accountId, workspaceId, eventId }));
  if (eventActive) {
    return;
  }
  const missing = workspaceActive
    ? `event "${eventId}"`
    : `workspace "${workspaceId}" and event "${eventId}"`;
  throw new ApiError(
    'API_EVENT_NOT_ACTIVATED',
    `HubSpot is not available as an import source for event "${eventId}": activate the app connection for ${missing} ` +
      `first (PUT /v1/accounts/${accountId}/workspaces/${workspaceId}/activation, then …/events/${eventId}/activation).`,
    { details: { workspaceActive, eventActive } },
  );
}

async function requireContactList(
  context: RequestContext,
  accountId: string,
  credentials: HubSpotCredentials,
  listId: string,
): Promise<void> {
  let list;
  try {
    list = await context.deps.hubspot.getList(credentials, listId);
  } catch (error) {
    if (isHubSpotError(error) && error.code === 'HUBSPOT_NOT_FOUND') {
      throw listNotFound(accountId, listId, 'does not exist in the connected portal');
    }
    throw fromHubSpotError(error, { kind: 'stored', accountId });
  }
  if (list.objectTypeId !== CONTACT_OBJECT_TYPE_ID) {
    throw listNotFound(accountId, listId, `contains objects of type ${list.objectTypeId}, not contacts`);
  }
}

async function requireKnownProperties(
  context: RequestContext,
  accountId: string,
  credentials: HubSpotCredentials,
  fieldMapping: readonly { hubspotProperty: string }[],
): Promise<void> {
  const properties = await callHubSpot({ kind: 'stored', accountId }, () =>
    context.deps.hubspot.getContactProperties(credentials),
  );
  const known = new Set(properties.map((property) => property.name));
  const unknown = [EMAIL_PROPERTY, ...fieldMapping.map((mapping) => mapping.hubspotProperty)].filter(
    (name, index, names) => !known.has(name) && names.indexOf(name) === index,
  );
  if (unknown.length === 0) {
    return;
  }
  throw new ApiError(
    'API_HUBSPOT_PROPERTY_NOT_FOUND',
    `fieldMapping names HubSpot contact properties that the portal does not have: ${unknown.join(', ')}. ` +
      `GET /v1/accounts/${accountId}/hubspot/contact-properties lists the properties; use their internal name.`,
    { details: { unknownProperties: unknown } },
  );
}

// NOTE: the check and the insert are separate steps, so two simultaneous identical requests can
// both pass and queue two runs of the same list.
async function rejectRunningDuplicate(
  context: RequestContext,
  accountId: string,
  body: StartImportBody,
): Promise<void> {
  const filter: Record<string, unknown> = {
    accountId,
    state: { $in: ['queued', 'running'] },
    'request.target': body.target,
    'request.listId': body.listId,
  };
  if (body.target === 'event-contacts') {
    filter['request.eventId'] = body.eventId;
  }
  const running = await context.deps.models.ImportRun.findOne(filter).select('importId state');
  if (running !== null) {
    throw new ApiError(
      'API_IMPORT_IN_PROGRESS',
      `Import ${running.importId} of list ${body.listId} into the same target is still ${running.state}. ` +
        'Wait for it to finish, or cancel it first.',
      { details: { importId: running.importId } },
    );
  }
}

function listNotFound(accountId: string, listId: string, reason: string): ApiError {
  return new ApiError(
    'API_HUBSPOT_LIST_NOT_FOUND',
    `HubSpot list ${listId} ${reason}. GET /v1/accounts/${accountId}/hubspot/lists finds contact lists by name.`,
    { details: { listId } },
  );
}

function commonRecordFields(importId: string, accountId: string, body: StartImportBody, requestedAt: Date) {
  return {
    schemaVersion: 1 as const,
    importId,
    accountId,
    listId: body.listId,
    mode: body.mode,
    fieldMapping: body.fieldMapping.map((mapping) => ({ ...mapping })),
    requestedAt: requestedAt.toISOString(),
  };
}

/** Progress saved with the newest lease row; it may be ahead of the counts on the run. */
interface Checkpoint {
  cursor: { page: number };
  counts: ImportRun['counts'];
  skippedByReason: Record<string, number>;
}

function toImportRunView(run: ImportRun, checkpoint: Checkpoint | undefined): ImportRunView {
  const useCheckpoint = checkpoint !== undefined && checkpoint.cursor.page > (run.cursor?.page ?? 0);
  const counts = useCheckpoint ? checkpoint.counts : run.counts;
  const skippedByReason = useCheckpoint
    ? checkpoint.skippedByReason
    : plainRecord<number>(run.skippedByReason);
  return {
    importId: run.importId,
    accountId: run.accountId,
    state: run.state,
    request: {
      target: run.request.target,
      listId: run.request.listId,
      mode: run.request.mode,
      fieldMapping: run.request.fieldMapping.map((mapping) => ({
        hubspotProperty: mapping.hubspotProperty,
        onivaField: mapping.onivaField,
      })),
      ...(run.request.workspaceId ? { workspaceId: run.request.workspaceId } : {}),
      ...(run.request.eventId ? { eventId: run.request.eventId } : {}),
      ...(run.request.accountType ? { accountType: run.request.accountType } : {}),
    },
    counts: {
      read: counts.read,
      created: counts.created,
      updated: counts.updated,
      unchanged: counts.unchanged,
      skipped: counts.skipped,
      failed: counts.failed,
    },
    skippedByReason,
    pagesDone: useCheckpoint ? checkpoint.cursor.page : (run.cursor?.page ?? 0),
    recentErrors: (run.recentErrors ?? []).map((entry) => ({
      code: entry.code,
      message: entry.message,
      ...(entry.contactId ? { contactId: entry.contactId } : {}),
      at: entry.at.toISOString(),
    })),
    ...(run.failure ? { failure: { code: run.failure.code, message: run.failure.message } } : {}),
    requestedAt: run.createdAt.toISOString(),
    ...(run.startedAt ? { startedAt: isoOrUndefined(run.startedAt) } : {}),
    ...(run.finishedAt ? { finishedAt: isoOrUndefined(run.finishedAt) } : {}),
    ...(run.cancelRequestedAt ? { cancelRequestedAt: isoOrUndefined(run.cancelRequestedAt) } : {}),
  };
}
