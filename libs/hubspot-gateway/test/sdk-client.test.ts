import { describe, expect, it } from 'vitest';

import { HubSpotGateway } from '../src/gateway.js';

describe('SDK clients', () => {
  it('gateway clients install no SDK retry or limiter decorators', () => {
    const gateway = new HubSpotGateway({ basePath: 'http://127.0.0.1:9' });
    const first = gateway.createClient('pat-na1-first');
    gateway.createClient('pat-na1-second');

    // The SDK's decorator service replaces API methods with own properties when it wraps them.
    const batchApi = first.crm.contacts.batchApi;
    expect(Object.getOwnPropertyNames(batchApi)).not.toContain('upsert');
    expect(Object.getOwnPropertyNames(first.marketing.events.basicApi)).not.toContain('upsert');
    gateway.close();
  });

  it('gateway reuses one connection per token', () => {
    const gateway = new HubSpotGateway({ basePath: 'http://127.0.0.1:9' });
    const first = gateway.connect({ accessToken: 'pat-na1-same', portalId: 1, appId: 1 });
    const second = gateway.connect({ accessToken: 'pat-na1-same', portalId: 1, appId: 1 });

    expect(second).toBe(first);
    gateway.close();
  });

  it('gateway strips a trailing slash from the base path', () => {
    const gateway = new HubSpotGateway({ basePath: 'http://127.0.0.1:4010/' });

    expect(gateway.basePath).toBe('http://127.0.0.1:4010');
    gateway.close();
  });
});
