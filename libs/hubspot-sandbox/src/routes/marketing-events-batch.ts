import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { RouteModule } from '../context.js';
import { batchItemError, batchResponse, forcedItemError, type BatchItemError } from '../http/batch.js';
import { parseBody } from '../http/params.js';
import type { MarketingEventRecord } from '../state/marketing-events.js';
import {
  MARKETING_EVENTS_BASE,
  WRITE_SCOPES,
  authorizeMarketingEvents,
  checkBatchSize,
  eventCreateSchema,
  eventFieldsSchema,
} from './marketing-events-shared.js';
import { publicDefaultResponse, publicDefaultResponseV2 } from './marketing-events-responses.js';

const upsertBatchSchema = z.object({ inputs: z.array(eventCreateSchema) });
const updateBatchSchema = z.object({
  inputs: z.array(eventFieldsSchema.extend({ objectId: z.string().min(1) })),
});
const archiveBatchSchema = z.object({ inputs: z.array(z.looseObject({ objectId: z.string().min(1) })) });
const deleteBatchSchema = z.object({
  inputs: z.array(
    z.looseObject({
      externalAccountId: z.string().min(1),
      externalEventId: z.string().min(1),
      appId: z.number().int(),
    }),
  ),
});

function notFoundItem(message: string, context: Record<string, string[]>): BatchItemError {
  return batchItemError('OBJECT_NOT_FOUND', message, context);
}

/** Sends 204 when every input was deleted, else 207 with the errors. */
function sendDeleteOutcome(
  reply: FastifyReply,
  errors: BatchItemError[],
  startedAt: number,
  completedAt: number,
) {
  if (errors.length === 0) return reply.code(204).send();
  return reply.code(207).send(batchResponse([], errors, startedAt, completedAt));
}

/**
 * Marketing event batch endpoints: upsert by external ids, update and archive by objectId, and
 * delete by external ids (only the caller's own events).
 */
export const marketingEventBatchRoutes: RouteModule = (app, ctx) => {
  app.post(`${MARKETING_EVENTS_BASE}/events/upsert`, async (request, reply) => {
    const { auth, state } = authorizeMarketingEvents(ctx, request, WRITE_SCOPES);
    const { inputs } = parseBody(upsertBatchSchema, request.body);
    checkBatchSize(state, inputs.length);

    const startedAt = ctx.clock.now();
    const results: MarketingEventRecord[] = [];
    const errors: BatchItemError[] = [];
    for (const input of inputs) {
      if (ctx.isForcedInputFailure(request, input.externalEventId)) {
        errors.push(forcedItemError(input.externalEventId));
        continue;
      }
      results.push(state.events.upsert(auth.appId, input, ctx.clock.now()).record);
    }
    const body = batchResponse(results.map(publicDefaultResponse), errors, startedAt, ctx.clock.now());
    return reply.code(errors.length > 0 ? 207 : 200).send(body);
  });

  app.post(`${MARKETING_EVENTS_BASE}/batch/update`, async (request, reply) => {
    const { state } = authorizeMarketingEvents(ctx, request, WRITE_SCOPES);
    const { inputs } = parseBody(updateBatchSchema, request.body);
    checkBatchSize(state, inputs.length);

    const startedAt = ctx.clock.now();
    const results: MarketingEventRecord[] = [];
    const errors: BatchItemError[] = [];
    for (const { objectId, ...patch } of inputs) {
      const record = state.events.get(objectId);
      if (ctx.isForcedInputFailure(request, objectId)) errors.push(forcedItemError(objectId));
      else if (record === undefined)
        errors.push(notFoundItem(`No marketing event has objectId ${objectId}.`, { objectIds: [objectId] }));
      else results.push(state.events.update(record, patch, ctx.clock.now()));
    }
    const body = batchResponse(results.map(publicDefaultResponseV2), errors, startedAt, ctx.clock.now());
    return reply.code(errors.length > 0 ? 207 : 200).send(body);
  });

  app.post(`${MARKETING_EVENTS_BASE}/batch/archive`, async (request, reply) => {
    const { state } = authorizeMarketingEvents(ctx, request, WRITE_SCOPES);
    const { inputs } = parseBody(archiveBatchSchema, request.body);
    checkBatchSize(state, inputs.length);

    const startedAt = ctx.clock.now();
    const errors: BatchItemError[] = [];
    for (const { objectId } of inputs) {
      if (ctx.isForcedInputFailure(request, objectId)) {
        errors.push(forcedItemError(objectId));
      } else if (state.events.delete(objectId)) {
        state.attendance.deleteEvent(objectId);
      } else {
        errors.push(notFoundItem(`No marketing event has objectId ${objectId}.`, { objectIds: [objectId] }));
      }
    }
    return sendDeleteOutcome(reply, errors, startedAt, ctx.clock.now());
  });

  app.post(`${MARKETING_EVENTS_BASE}/events/delete`, async (request, reply) => {
    const { auth, state } = authorizeMarketingEvents(ctx, request, WRITE_SCOPES);
    const { inputs } = parseBody(deleteBatchSchema, request.body);
    checkBatchSize(state, inputs.length);

    const startedAt = ctx.clock.now();
    const errors: BatchItemError[] = [];
    for (const input of inputs) {
      // Events of other apps are reported as missing, because this endpoint only reaches the caller's own.
      const record =
        input.appId === auth.appId
          ? state.events.findByExternalIds(auth.appId, input.externalAccountId, input.externalEventId)
          : undefined;
      if (ctx.isForcedInputFailure(request, input.externalEventId)) {
        errors.push(forcedItemError(input.externalEventId));
      } else if (record === undefined) {
        errors.push(
          notFoundItem(
            `No marketing event of app ${input.appId} has externalAccountId "${input.externalAccountId}" and externalEventId "${input.externalEventId}".`,
            { externalEventIds: [input.externalEventId] },
          ),
        );
      } else {
        state.events.delete(record.objectId);
        state.attendance.deleteEvent(record.objectId);
      }
    }
    return sendDeleteOutcome(reply, errors, startedAt, ctx.clock.now());
  });
};
