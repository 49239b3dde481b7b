import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { RouteModule, SandboxContext } from '../context.js';
import { batchResponse, hasUniqueTraceIds } from '../http/batch.js';
import { batchTooLarge, duplicateIds, validationError } from '../http/hubspot-errors.js';
import { parseBody } from '../http/params.js';
import type { ContactStore } from '../state/contacts.js';
import { runBatch, traceContext, type InputPlan } from './batch-plan.js';
import { contactJson } from './contact-json.js';
import {
  CONTACTS_WRITE,
  MAX_BATCH_INPUTS,
  checkIdProperty,
  findContact,
  propertyValuesSchema,
} from './contacts-shared.js';

const traceId = z.string().min(1).optional();
const createBody = z.object({
  inputs: z.array(
    z.object({
      properties: propertyValuesSchema,
      // NOTE: inline associations on contact create are accepted but not stored.
      associations: z.array(z.unknown()).optional(),
      objectWriteTraceId: traceId,
    }),
  ),
});
const updateBody = z.object({
  inputs: z.array(
    z.object({
      id: z.union([z.string(), z.number()]).transform(String),
      properties: propertyValuesSchema,
      idProperty: z.string().optional(),
      objectWriteTraceId: traceId,
    }),
  ),
});
const archiveBody = z.object({
  inputs: z.array(z.object({ id: z.union([z.string(), z.number()]).transform(String) })),
});

type Json = Record<string, unknown>;

/** Tracks emails claimed by earlier inputs of the same batch. */
class PendingEmails {
  private readonly owners = new Map<string, string>();

  /** Returns a 400 when another input of the batch already uses `email`, else records it. */
  claim(email: string | undefined, owner: string) {
    if (email === undefined || email === '') return undefined;
    const normalized = email.trim().toLowerCase();
    const current = this.owners.get(normalized);
    // NOTE: HubSpot's response to one email on two inputs of a create batch is undocumented.
    if (current !== undefined && current !== owner) {
      return validationError(
        `Duplicate emails found in batch input: [${normalized}]. Emails must be unique`,
        {
          context: { emails: [normalized] },
        },
      );
    }
    this.owners.set(normalized, owner);
    return undefined;
  }
}

function checkBatchSize(count: number): void {
  if (count > MAX_BATCH_INPUTS) throw batchTooLarge(count, MAX_BATCH_INPUTS);
}

function forcedKey(
  ctx: SandboxContext,
  request: FastifyRequest,
  keys: Array<string | undefined>,
): string | undefined {
  return keys.find((key) => key !== undefined && ctx.isForcedInputFailure(request, key));
}

function planCreate(
  ctx: SandboxContext,
  request: FastifyRequest,
  store: ContactStore,
  inputs: z.infer<typeof createBody>['inputs'],
) {
  const pending = new PendingEmails();
  return inputs.map((input, index): InputPlan<Json> => {
    const context = traceContext(input.objectWriteTraceId);
    const forced = forcedKey(ctx, request, [
      input.properties['email']?.toLowerCase(),
      input.objectWriteTraceId,
    ]);
    if (forced !== undefined) return { kind: 'forced', inputKey: forced, context };
    const error =
      store.checkCreate(input.properties) ?? pending.claim(input.properties['email'], `new-${index}`);
    if (error !== undefined) return { kind: 'error', error, context };
    return {
      kind: 'apply',
      apply: () =>
        contactJson(store, store.create(input.properties), { objectWriteTraceId: input.objectWriteTraceId }),
    };
  });
}

/** Contact batch create, update, upsert (by email) and archive. */
export const contactBatchWriteRoutes: RouteModule = (app, ctx) => {
  app.post('/crm/v3/objects/contacts/batch/create', async (request, reply) => {
    const { portalId } = ctx.requireAuth(request, CONTACTS_WRITE);
    const startedAt = ctx.clock.now();
    const store = ctx.contacts(portalId);
    const { inputs } = parseBody(createBody, request.body);
    checkBatchSize(inputs.length);

    const outcome = runBatch(planCreate(ctx, request, store, inputs), hasUniqueTraceIds(inputs));
    const status = outcome.errors.length > 0 ? 207 : 201;
    return reply
      .code(status)
      .send(batchResponse(outcome.results, outcome.errors, startedAt, ctx.clock.now()));
  });

  app.post('/crm/v3/objects/contacts/batch/update', async (request, reply) => {
    const { portalId } = ctx.requireAuth(request, CONTACTS_WRITE);
    const startedAt = ctx.clock.now();
    const store = ctx.contacts(portalId);
    const { inputs } = parseBody(updateBody, request.body);
    checkBatchSize(inputs.length);
    rejectDuplicateIds(inputs.map((input) => input.id));
    for (const input of inputs) {
      // Updating by email is reported to fail even though emails are unique.
      if (input.idProperty === 'email') {
        throw validationError('Unable to perform update/upsert by non-unique 0-1 property: email');
      }
      const problem = checkIdProperty(store, input.idProperty);
      if (problem !== undefined) throw problem;
    }

    const pending = new PendingEmails();
    const plans = inputs.map((input): InputPlan<Json> => {
      const context = { ...traceContext(input.objectWriteTraceId), ids: [input.id] };
      const forced = forcedKey(ctx, request, [input.id, input.objectWriteTraceId]);
      if (forced !== undefined) return { kind: 'forced', inputKey: forced, context };
      const error =
        store.checkUpdate(input.id, input.properties) ?? pending.claim(input.properties['email'], input.id);
      if (error !== undefined) return { kind: 'error', error, context };
      return {
        kind: 'apply',
        apply: () =>
          contactJson(store, store.update(input.id, input.properties), {
            objectWriteTraceId: input.objectWriteTraceId,
          }),
      };
    });
    const outcome = runBatch(plans, hasUniqueTraceIds(inputs));
    return reply
      .code(outcome.errors.length > 0 ? 207 : 200)
      .send(batchResponse(outcome.results, outcome.errors, startedAt, ctx.clock.now()));
  });

  app.post('/crm/v3/objects/contacts/batch/upsert', async (request, reply) => {
    const { portalId } = ctx.requireAuth(request, CONTACTS_WRITE);
    const startedAt = ctx.clock.now();
    const store = ctx.contacts(portalId);
    const { inputs } = parseBody(updateBody, request.body);
    checkBatchSize(inputs.length);
    for (const input of inputs) {
      if (input.idProperty !== 'email') {
        throw (
          checkIdProperty(store, input.idProperty ?? 'hs_object_id') ??
          validationError(
            `Unable to perform update/upsert by non-unique 0-1 property: ${input.idProperty ?? 'hs_object_id'}`,
          )
        );
      }
    }
    rejectDuplicateIds(inputs.map((input) => input.id.trim().toLowerCase()));

    const plans = inputs.map((input): InputPlan<Json> => {
      const email = input.id.trim().toLowerCase();
      const context = { ...traceContext(input.objectWriteTraceId), ids: [input.id] };
      const forced = forcedKey(ctx, request, [email, input.objectWriteTraceId]);
      if (forced !== undefined) return { kind: 'forced', inputKey: forced, context };
      // The email comes from `id`; an `email` in `properties` cannot move the record to another address.
      const properties = { ...input.properties, email };
      const existing = findContact(store, email, 'email');
      const error =
        existing === undefined ? store.checkCreate(properties) : store.checkUpdate(existing.id, properties);
      if (error !== undefined) return { kind: 'error', error, context };
      return {
        kind: 'apply',
        apply: () => {
          const record =
            existing === undefined ? store.create(properties) : store.update(existing.id, properties);
          const json = contactJson(store, record, { objectWriteTraceId: input.objectWriteTraceId });
          return { ...json, new: existing === undefined };
        },
      };
    });
    const outcome = runBatch(plans, hasUniqueTraceIds(inputs));
    return reply
      .code(outcome.errors.length > 0 ? 207 : 200)
      .send(batchResponse(outcome.results, outcome.errors, startedAt, ctx.clock.now()));
  });

  app.post('/crm/v3/objects/contacts/batch/archive', async (request, reply) => {
    const { portalId } = ctx.requireAuth(request, CONTACTS_WRITE);
    const { inputs } = parseBody(archiveBody, request.body);
    checkBatchSize(inputs.length);
    const store = ctx.contacts(portalId);
    for (const { id } of inputs) store.delete(id);
    return reply.code(204).send();
  });
};

/** 400 listing every id that occurs more than once. */
function rejectDuplicateIds(ids: readonly string[]): void {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) duplicates.add(id);
    seen.add(id);
  }
  if (duplicates.size > 0) throw duplicateIds([...duplicates]);
}
