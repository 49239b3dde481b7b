import type { ImportRequestRecord } from '@oniva-hubspot/contracts';
import { isDuplicateKeyError, type ImportRequest, type ImportRunModel } from '@oniva-hubspot/store';

/** Whether the request's ImportRun was already stored (by the connector API) or created now. */
export type EnsureRunResult = 'existing' | 'created';

/**
 * Creates the ImportRun of a request unless it exists. The connector API stores the run before it
 * publishes the request, so usually it exists already. A request from another producer gets a
 * run in state `queued` here. An existing run is never changed, because the API's copy is the
 * reference.
 */
export async function ensureImportRun(
  model: ImportRunModel,
  request: ImportRequestRecord,
): Promise<EnsureRunResult> {
  if ((await model.exists({ importId: request.importId })) !== null) {
    return 'existing';
  }
  try {
    await model.create({
      importId: request.importId,
      accountId: request.accountId,
      request: storedRequestOf(request),
      state: 'queued',
    });
    return 'created';
  } catch (error) {
    if (isDuplicateKeyError(error)) return 'existing';
    throw error;
  }
}

function storedRequestOf(request: ImportRequestRecord): ImportRequest {
  const fieldMapping = request.fieldMapping.map(({ hubspotProperty, onivaField }) => ({
    hubspotProperty,
    onivaField,
  }));
  const common = { listId: request.listId, mode: request.mode, fieldMapping };
  return request.target === 'event-contacts'
    ? { ...common, target: 'event-contacts', workspaceId: request.workspaceId, eventId: request.eventId }
    : { ...common, target: 'accounts', accountType: request.accountType };
}
