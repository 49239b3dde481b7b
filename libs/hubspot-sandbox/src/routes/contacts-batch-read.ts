import { z } from 'zod';
import type { RouteModule } from '../context.js';
import { batchItemError, batchResponse, forcedItemError, type BatchItemError } from '../http/batch.js';
import { batchTooLarge } from '../http/hubspot-errors.js';
import { parseBody, queryBoolean } from '../http/params.js';
import type { ContactRecord } from '../state/contacts.js';
import { contactJson } from './contact-json.js';
import { CONTACTS_READ, MAX_BATCH_INPUTS, checkIdProperty, findContact } from './contacts-shared.js';

const readBody = z.object({
  inputs: z.array(z.object({ id: z.union([z.string(), z.number()]).transform(String) })),
  properties: z.array(z.string()).default([]),
  propertiesWithHistory: z.array(z.string()).default([]),
  idProperty: z.string().optional(),
});

/**
 * `POST /crm/v3/objects/contacts/batch/read`: 200 when every input was found, 207 with one
 * OBJECT_NOT_FOUND error listing the missing ids otherwise. Only the requested properties plus
 * `hs_object_id`, `createdate` and `lastmodifieddate` are returned; unknown names are ignored.
 */
export const contactBatchReadRoutes: RouteModule = (app, ctx) => {
  app.post('/crm/v3/objects/contacts/batch/read', async (request, reply) => {
    const { portalId } = ctx.requireAuth(request, CONTACTS_READ);
    const startedAt = ctx.clock.now();
    const store = ctx.contacts(portalId);
    const body = parseBody(readBody, request.body);
    if (body.inputs.length > MAX_BATCH_INPUTS) throw batchTooLarge(body.inputs.length, MAX_BATCH_INPUTS);
    const problem = checkIdProperty(store, body.idProperty);
    if (problem !== undefined) throw problem;

    // NOTE: whether HubSpot echoes the idProperty value unasked is unconfirmed; the sandbox adds
    // it so results read by email can be matched to their inputs.
    const properties =
      body.idProperty === undefined || body.properties.includes(body.idProperty)
        ? body.properties
        : [...body.properties, body.idProperty];
    const archived = queryBoolean(request, 'archived', false);
    const results: ContactRecord[] = [];
    const seen = new Set<string>();
    const missing: string[] = [];
    const forced: BatchItemError[] = [];
    for (const { id } of body.inputs) {
      if (ctx.isForcedInputFailure(request, id)) {
        forced.push(forcedItemError(id, { ids: [id] }));
        continue;
      }
      const record = archived ? undefined : findContact(store, id, body.idProperty);
      if (record === undefined) missing.push(id);
      else if (!seen.has(record.id)) {
        seen.add(record.id);
        results.push(record);
      }
    }

    const errors = [...forced];
    if (missing.length > 0) {
      errors.unshift(
        batchItemError(
          'OBJECT_NOT_FOUND',
          'Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.',
          { ids: missing },
        ),
      );
    }
    const json = results.map((record) =>
      contactJson(store, record, { properties, propertiesWithHistory: body.propertiesWithHistory }),
    );
    return reply
      .code(errors.length > 0 ? 207 : 200)
      .send(batchResponse(json, errors, startedAt, ctx.clock.now()));
  });
};
