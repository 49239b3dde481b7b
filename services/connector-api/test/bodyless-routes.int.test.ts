import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { standardProvisioning } from './support/portals.js';
import { startTestApi, type TestApi } from './support/test-api.js';

// Routes that take no body ignored any body they got. A caller that sent {"ids": [...]} to
// POST …/sync/parked/replay, as the dead-letter replay accepts, had every parked record of the
// account replayed; unknown fields on activations and cancels were dropped without a word.
let api: TestApi;
let key: string;
const accountId = 'acct-bodyless';
let offset = 0;

beforeAll(async () => {
  api = await startTestApi({ provision: standardProvisioning() });
  ({ key } = await api.connectAccount(accountId));
});

afterAll(async () => {
  await api?.close();
});

async function park(eventId: string) {
  offset += 1;
  return api.deps.models.ParkedMessage.create({
    accountId,
    source: { topic: api.topics.bookings, partition: 0, offset: String(offset) },
    key: eventId,
    value: JSON.stringify({ schemaVersion: 1, type: 'booking.created', accountId, eventId }),
    reason: 'token-invalid',
    error: { code: 'HUBSPOT_TOKEN_INVALID', message: 'HubSpot rejected the token' },
    attempts: 1,
    parkedAt: new Date(),
  });
}

describe('routes without a body', () => {
  it('parked replay rejects ids', async () => {
    const first = await park('ev-1');
    await park('ev-2');

    const response = await api.call(key, {
      method: 'POST',
      url: `/v1/accounts/${accountId}/sync/parked/replay`,
      payload: { ids: [String(first._id)] },
    });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'API_VALIDATION_FAILED' });
    expect(response.json().message).toContain('unknown field "ids"');
    expect(await api.deps.models.ParkedMessage.countDocuments({ accountId })).toBe(2);
  });

  it('parked replay without body replays', async () => {
    const response = await api.call(key, {
      method: 'POST',
      url: `/v1/accounts/${accountId}/sync/parked/replay`,
    });

    expect(response.statusCode).toBe(200);
    expect(await api.deps.models.ParkedMessage.countDocuments({ accountId })).toBe(0);
  });

  it('activation rejects body fields', async () => {
    const response = await api.call(key, {
      method: 'PUT',
      url: `/v1/accounts/${accountId}/workspaces/ws-1/activation`,
      payload: { activatedAt: '2020-01-01T00:00:00.000Z' },
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain('unknown field "activatedAt"');
    const activation = await api.deps.models.Activation.findOne({ accountId, workspaceId: 'ws-1' });
    expect(activation).toBeNull();
  });

  it('activation accepts empty object', async () => {
    const response = await api.call(key, {
      method: 'PUT',
      url: `/v1/accounts/${accountId}/workspaces/ws-2/activation`,
      payload: {},
    });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ workspaceId: 'ws-2', active: true });
  });

  it('event activation rejects body fields', async () => {
    const response = await api.call(key, {
      method: 'PUT',
      url: `/v1/accounts/${accountId}/workspaces/ws-2/events/ev-1/activation`,
      payload: { active: false },
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain('unknown field "active"');
  });

  it('import cancel rejects body fields', async () => {
    const response = await api.call(key, {
      method: 'POST',
      url: `/v1/accounts/${accountId}/imports/${randomUUID()}/cancel`,
      payload: { reason: 'wrong list' },
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain('unknown field "reason"');
  });
});
