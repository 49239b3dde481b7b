import ApiDecoratorService from '@hubspot/api-client/lib/src/services/ApiDecoratorService.js';
import { describe, expect, it } from 'vitest';

import { HubSpotGateway } from '../src/gateway.js';

describe('SDK clients', () => {
  it('gateway clients install no SDK retry or limiter decorators', () => {
    const gateway = new HubSpotGateway({ basePath: 'http://127.0.0.1:9' });
    const first = gateway.connect({ accessToken: 'pat-na1-first', portalId: 1, appId: 1 });
    gateway.connect({ accessToken: 'pat-na1-second', portalId: 2, appId: 2 });

    const decorators = (ApiDecoratorService.getInstance() as unknown as { decorators: unknown[] }).decorators;
    expect(decorators).toHaveLength(0);
    expect(first.portalId).toBe(1);
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
