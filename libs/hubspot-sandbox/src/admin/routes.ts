import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { SandboxError } from '../errors.js';
import { ADMIN_PREFIX } from '../http/pipeline.js';
import type { SandboxAdmin } from './admin.js';
import {
  advanceClockSchema,
  deleteContactsSchema,
  resetSchema,
  rotateTokenSchema,
  scopesSchema,
  type ContactsSpec,
  type LimitOverridesInput,
  type ListSpec,
  type PortalSpec,
  type PortalUpdate,
  type Provisioning,
  type TokenSpec,
} from './schemas.js';
import type { FaultRuleInput } from '../faults/rules.js';

const portalParams = z.object({ portalId: z.coerce.number().int().positive() });
const tokenParams = z.object({ token: z.string().min(1) });
const requestFilter = z.object({
  path: z.string().optional(),
  method: z.string().optional(),
  status: z.coerce.number().int().optional(),
  portalId: z.coerce.number().int().optional(),
});

type Params = Record<string, string>;

/**
 * Registers the admin HTTP API under `/_sandbox`. It is not a HubSpot API: no auth, no rate limits, no
 * faults. Bad input gets 400 `{ message, issues }` naming the field; unknown ids get 404.
 */
export function registerAdminRoutes(app: FastifyInstance, admin: SandboxAdmin): void {
  const prefix = ADMIN_PREFIX;
  const portalId = (params: unknown): number => portalParams.parse(params).portalId;
  const token = (params: unknown): string => tokenParams.parse(params).token;

  const send = (reply: FastifyReply, status: number, body?: unknown) =>
    body === undefined ? reply.code(status).send() : reply.code(status).send(body);

  app.post(`${prefix}/provision`, async (request, reply) =>
    send(reply, 201, admin.provision(request.body as Provisioning)),
  );
  app.post(`${prefix}/reset`, async (request, reply) => {
    admin.reset(resetSchema.parse(request.body ?? {}).seed);
    return send(reply, 204);
  });

  app.get(`${prefix}/portals`, async () => ({ results: admin.portals() }));
  app.post(`${prefix}/portals`, async (request, reply) =>
    send(reply, 201, admin.addPortal(request.body as PortalSpec)),
  );
  app.get(`${prefix}/portals/:portalId`, async (request) => admin.portal(portalId(request.params)));
  app.patch(`${prefix}/portals/:portalId`, async (request) =>
    admin.updatePortal(portalId(request.params), request.body as PortalUpdate),
  );
  app.delete(`${prefix}/portals/:portalId`, async (request, reply) => {
    admin.deletePortal(portalId(request.params));
    return send(reply, 204);
  });
  app.put(`${prefix}/portals/:portalId/limits`, async (request) =>
    admin.setLimits(portalId(request.params), request.body as LimitOverridesInput),
  );

  app.post(`${prefix}/portals/:portalId/tokens`, async (request, reply) =>
    send(reply, 201, admin.addToken(portalId(request.params), (request.body ?? {}) as TokenSpec)),
  );
  app.get(`${prefix}/tokens/:token`, async (request) => admin.token(token(request.params)));
  app.put(`${prefix}/tokens/:token/scopes`, async (request) =>
    admin.setScopes(token(request.params), scopesSchema.parse(request.body).scopes),
  );
  app.post(`${prefix}/tokens/:token/rotate`, async (request, reply) =>
    send(reply, 201, admin.rotateToken(token(request.params), rotateTokenSchema.parse(request.body ?? {}))),
  );
  app.delete(`${prefix}/tokens/:token`, async (request, reply) => {
    admin.deleteToken(token(request.params));
    return send(reply, 204);
  });

  app.post(`${prefix}/portals/:portalId/contacts`, async (request, reply) =>
    send(reply, 201, admin.addContacts(portalId(request.params), request.body as ContactsSpec)),
  );
  app.get(`${prefix}/portals/:portalId/contacts/:contactId`, async (request) =>
    admin.contact(portalId(request.params), (request.params as Params)['contactId'] ?? ''),
  );
  app.post(`${prefix}/portals/:portalId/contacts/delete`, async (request) =>
    admin.deleteContacts(portalId(request.params), deleteContactsSchema.parse(request.body).ids),
  );
  app.delete(`${prefix}/portals/:portalId/contacts/:contactId`, async (request, reply) => {
    const contactId = (request.params as Params)['contactId'] ?? '';
    const result = admin.deleteContacts(portalId(request.params), [contactId]);
    if (result.deleted.length === 0) {
      throw new SandboxError('SANDBOX_ERR_UNKNOWN_CONTACT', `Contact ${contactId} does not exist.`);
    }
    return send(reply, 204);
  });

  app.get(`${prefix}/portals/:portalId/lists`, async (request) => ({
    results: admin.lists(portalId(request.params)),
  }));
  app.post(`${prefix}/portals/:portalId/lists`, async (request, reply) =>
    send(reply, 201, admin.addList(portalId(request.params), request.body as ListSpec)),
  );

  app.get(`${prefix}/faults`, async () => ({ results: admin.faults() }));
  app.post(`${prefix}/faults`, async (request, reply) =>
    send(reply, 201, admin.addFault(request.body as FaultRuleInput)),
  );
  app.delete(`${prefix}/faults`, async (request, reply) => {
    admin.clearFaults(resetSchema.parse(request.body ?? {}).seed);
    return send(reply, 204);
  });
  app.delete(`${prefix}/faults/:faultId`, async (request, reply) => {
    admin.removeFault((request.params as Params)['faultId'] ?? '');
    return send(reply, 204);
  });

  app.get(`${prefix}/requests`, async (request) => {
    const results = admin.requests(requestFilter.parse(request.query));
    return { total: results.length, results };
  });
  app.get(`${prefix}/requests/counts`, async () => admin.requestCounts());
  app.delete(`${prefix}/requests`, async (_request, reply) => {
    admin.clearRequests();
    return send(reply, 204);
  });

  app.get(`${prefix}/rate-limits`, async (request) => {
    const { portalId: id } = requestFilter.parse(request.query);
    return { results: admin.rateLimitStats(id) };
  });

  app.get(`${prefix}/module-options`, async () => admin.moduleOptions());
  app.put(`${prefix}/module-options/:key`, async (request) => {
    const key = (request.params as Params)['key'] ?? '';
    admin.setModuleOptions(key, request.body);
    return { [key]: request.body };
  });

  app.post(`${prefix}/clock/advance`, async (request) => ({
    now: new Date(admin.advanceClock(advanceClockSchema.parse(request.body).ms)).toISOString(),
  }));
  app.get(`${prefix}/clock`, async () => ({ now: new Date(admin.now()).toISOString() }));
}
