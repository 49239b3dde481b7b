import { ConfigError } from '@oniva-hubspot/config';
import { describe, expect, it } from 'vitest';

import { loadImporterConfig } from '../src/config.js';

const KEY = Buffer.alloc(32, 7).toString('base64');
const required = {
  KAFKA_BROKERS: '127.0.0.1:39092',
  MONGODB_URI: 'mongodb://127.0.0.1:37017/importer',
  TOKEN_ENCRYPTION_KEYS: `k1:${KEY}`,
  TOKEN_ENCRYPTION_ACTIVE_KEY_ID: 'k1',
};

describe('loadImporterConfig', () => {
  it('applies the defaults', () => {
    const { config } = loadImporterConfig(required);

    expect(config).toMatchObject({
      KAFKA_CLIENT_ID: 'importer',
      CONSUMER_GROUP: 'importer',
      IMPORT_REQUESTS_TOPIC: 'connector.import-requests.v1',
      CONTACT_IMPORTS_TOPIC: 'oniva.contact-imports.v1',
      ACCOUNT_IMPORTS_TOPIC: 'oniva.account-imports.v1',
      IMPORT_STATUS_TOPIC: 'connector.import-status.v1',
      IMPORT_LEASE_DURATION: 30_000,
      IMPORT_CONCURRENCY: 2,
      IMPORT_SCAN_INTERVAL: 5_000,
      IMPORT_PAGE_SIZE: 250,
      IMPORT_PAGE_ATTEMPTS: 5,
      CONSUMER_SESSION_TIMEOUT: 30_000,
      HUBSPOT_BASE_PATH: 'https://api.hubapi.com',
    });
  });

  it('reads durations with units', () => {
    const { config } = loadImporterConfig({
      ...required,
      IMPORT_LEASE_DURATION: '2m',
      IMPORT_SCAN_INTERVAL: '750ms',
    });

    expect(config.IMPORT_LEASE_DURATION).toBe(120_000);
    expect(config.IMPORT_SCAN_INTERVAL).toBe(750);
  });

  it.each([
    ['IMPORT_PAGE_SIZE', '251', 'expected at most 250'],
    ['IMPORT_LEASE_DURATION', '500ms', 'expected at least 1s'],
    ['CONSUMER_SESSION_TIMEOUT', '2s', 'expected a duration from 6s to 5m'],
    ['IMPORT_CONCURRENCY', '0', 'expected an integer >= 1'],
    ['CONTACT_IMPORTS_TOPIC', 'contact imports', 'expected a Kafka topic name'],
  ])('rejects %s=%s', (name, value, expected) => {
    const load = () => loadImporterConfig({ ...required, [name]: value });

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(new RegExp(`${name}: ${expected}`));
  });

  it('rejects an active key id that is not among the keys', () => {
    expect(() => loadImporterConfig({ ...required, TOKEN_ENCRYPTION_ACTIVE_KEY_ID: 'k2' })).toThrow(
      /TOKEN_ENCRYPTION_ACTIVE_KEY_ID: expected one of the key ids/,
    );
  });
});
