import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { allFeatures, PORTALS, standardProvisioning, TOKENS } from './support/portals.js';
import { startTestApi, type TestApi } from './support/test-api.js';

let api: TestApi;
let key: string;
const accountId = 'acct-connections';

beforeAll(async () => {
  api = await startTestApi({ provision: standardProvisioning() });
  key = await api.keyFor(accountId);
});

afterAll(async () => {
  await api?.close();
});

describe('connections', () => {
  it('connection create stores a validated connection when every scope is granted', async () => {
    const response = await api.call(key, {
      method: 'POST',
      url: `/v1/accounts/${accountId}/connection`,
      payload: allFeatures(),
    });
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body.portalId).toBe(PORTALS.enterprise);
    expect(body.token.last4).toBe(TOKENS.full.slice(-4));
  });
});
