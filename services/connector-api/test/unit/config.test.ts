import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { loadConnectorApiConfig } from '../../src/config.js';

const validEnv = {
  KAFKA_BROKERS: '127.0.0.1:39092',
  MONGODB_URI: 'mongodb://127.0.0.1:37017/connector',
  TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  TOKEN_ENCRYPTION_ACTIVE_KEY_ID: 'k1',
  OPERATOR_API_KEY: 'o'.repeat(40),
};

describe('loadConnectorApiConfig', () => {
  it('applies the defaults', () => {
    const { config } = loadConnectorApiConfig(validEnv);

    expect(config.HOST).toBe('127.0.0.1');
    expect(config.PORT).toBe(8080);
    expect(config.KAFKA_CLIENT_ID).toBe('connector-api');
    expect(config.TOPIC_CONFIG_CHANGES).toBe('connector.config-changes.v1');
    expect(config.HUBSPOT_BASE_PATH).toBe('https://api.hubapi.com');
    expect(config.TOKEN_ENCRYPTION_KEYS.get('k1')).toHaveLength(32);
  });

  it('rejects a short operator key without printing it', () => {
    expect(() => loadConnectorApiConfig({ ...validEnv, OPERATOR_API_KEY: 'tiny-secret' })).toThrow(
      /OPERATOR_API_KEY: expected a secret of at least 32 characters/,
    );
    expect(() => loadConnectorApiConfig({ ...validEnv, OPERATOR_API_KEY: 'tiny-secret' })).not.toThrow(
      /tiny-secret/,
    );
  });

  it('rejects an active key id that is not configured', () => {
    expect(() => loadConnectorApiConfig({ ...validEnv, TOKEN_ENCRYPTION_ACTIVE_KEY_ID: 'k9' })).toThrow(
      /TOKEN_ENCRYPTION_ACTIVE_KEY_ID/,
    );
  });

  it('rejects an invalid topic name', () => {
    expect(() => loadConnectorApiConfig({ ...validEnv, TOPIC_IMPORT_REQUESTS: 'bad topic' })).toThrow(
      /TOPIC_IMPORT_REQUESTS/,
    );
  });
});
