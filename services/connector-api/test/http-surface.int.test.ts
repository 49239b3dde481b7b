import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildApp } from '../src/app.js';
import { API_ERROR_CODES } from '../src/errors.js';
import { standardProvisioning } from './support/portals.js';
import { startTestApi, type TestApi } from './support/test-api.js';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ provision: standardProvisioning() });
});

afterAll(async () => {
  await api?.close();
});

describe('OpenAPI document', () => {
  it('is served and valid OpenAPI 3', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/docs/json' });

    expect(response.statusCode).toBe(200);
    const document = response.json();
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeDefined();
    expect(document.openapi).toMatch(/^3\./);
  });

  it('describes request and response schemas of every route', async () => {
    const document = (await api.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
      paths: Record<
        string,
        Record<string, { responses?: Record<string, unknown>; parameters?: unknown[]; requestBody?: unknown }>
      >;
    };
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ name: `${method} ${path}`, operation })),
    );

    expect(operations.length).toBeGreaterThan(25);
    for (const { name, operation } of operations) {
      expect(Object.keys(operation.responses ?? {}), name).not.toHaveLength(0);
      if (name.includes('{accountId}')) {
        expect(operation.responses, name).toHaveProperty('4XX');
        expect(JSON.stringify(operation.parameters), name).toContain('accountId');
      }
    }
    const create = document.paths['/v1/accounts/{accountId}/connection']?.post;
    expect(JSON.stringify(create?.requestBody)).toContain('accessToken');
  });

  it('lists every error code in the error schema', async () => {
    const document = (await api.app.inject({ method: 'GET', url: '/docs/json' })).json();
    const errorSchema = JSON.stringify(document.components.schemas.Error);

    for (const code of API_ERROR_CODES) {
      expect(errorSchema).toContain(code);
    }
  });

  it('serves the Swagger UI', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/docs/' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
  });
});

describe('health and metrics', () => {
  it('healthz answers without a key', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/healthz' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('readyz checks the database and the broker', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/readyz' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', failing: [], checks: { mongodb: 'ok', kafka: 'ok' } });
  });

  it('readyz answers 503 naming the failing check', async () => {
    const app = await buildApp({
      ...api.deps,
      readiness: {
        ...api.deps.readiness,
        kafka: () => {
          throw new Error('broker unreachable');
        },
      },
    });
    try {
      const response = await app.inject({ method: 'GET', url: '/readyz' });

      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({
        status: 'failing',
        failing: ['kafka'],
        checks: { mongodb: 'ok' },
      });
    } finally {
      await app.close();
    }
  });

  it('metrics count requests by route pattern', async () => {
    const key = await api.keyFor('acct-metrics');
    await api.call(key, { method: 'GET', url: '/v1/accounts/acct-metrics/activations' });
    const response = await api.app.inject({ method: 'GET', url: '/metrics' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toContain(
      'oniva_hubspot_http_requests_total{method="GET",route="/v1/accounts/:accountId/activations",status="200",service="connector-api"}',
    );
    expect(response.body).toContain('oniva_hubspot_http_request_duration_seconds_bucket');
  });
});

describe('request handling', () => {
  it('echoes a caller request id and logs it', async () => {
    const response = await api.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'trace-123' },
    });

    expect(response.headers['x-request-id']).toBe('trace-123');
    expect(api.logLines.some((line) => line.includes('"requestId":"trace-123"'))).toBe(true);
  });

  it('replaces a request id with characters outside the allowed set', async () => {
    const response = await api.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'forged" "level":"fatal' },
    });

    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sets helmet security headers', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/healthz' });

    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toBeDefined();
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('rate limit answers 429 with Retry-After after the configured number of requests', async () => {
    const app = await buildApp({ ...api.deps, config: { ...api.deps.config, RATE_LIMIT_MAX: 3 } });
    try {
      const key = await api.keyFor('acct-rate');
      const statuses: number[] = [];
      let last;
      for (let attempt = 0; attempt < 5; attempt += 1) {
        last = await app.inject({
          method: 'GET',
          url: '/v1/accounts/acct-rate/activations',
          headers: { 'x-api-key': key },
        });
        statuses.push(last.statusCode);
      }

      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(last?.json().code).toBe('API_RATE_LIMITED');
      expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
      const health = await app.inject({ method: 'GET', url: '/healthz' });
      expect(health.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
