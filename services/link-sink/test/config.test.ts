import { ConfigError } from '@oniva-hubspot/config';
import { describe, expect, it } from 'vitest';

import { loadLinkSinkConfig } from '../src/config.js';

const BASE_ENV = {
  KAFKA_BROKERS: '127.0.0.1:39092',
  MONGODB_URI: 'mongodb://127.0.0.1:37017/links',
  TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  TOKEN_ENCRYPTION_ACTIVE_KEY_ID: 'k1',
};

describe('loadLinkSinkConfig', () => {
  it('applies the defaults', () => {
    const { config } = loadLinkSinkConfig(BASE_ENV);

    expect(config.CONSUMER_GROUP).toBe('link-sink');
    expect(config.LINKS_TOPIC).toBe('oniva.links.v1');
    expect(config.CUSTOM_OBJECT_NAME).toBe('oniva_event_link');
    expect(config.RETRY_TIER_DELAYS).toEqual([5_000, 60_000, 600_000]);
  });

  it('parses retry tier delays as durations', () => {
    const { config } = loadLinkSinkConfig({ ...BASE_ENV, RETRY_TIER_DELAYS: '300ms, 1s,2m' });

    expect(config.RETRY_TIER_DELAYS).toEqual([300, 1_000, 120_000]);
  });

  it.each(['5s,,1m', '0ms', 'soon', Array.from({ length: 11 }, () => '1s').join(',')])(
    'rejects retry tier delays %j',
    (value) => {
      expect(() => loadLinkSinkConfig({ ...BASE_ENV, RETRY_TIER_DELAYS: value })).toThrow(
        /RETRY_TIER_DELAYS/,
      );
    },
  );

  it('rejects a custom object name HubSpot would refuse', () => {
    const load = () => loadLinkSinkConfig({ ...BASE_ENV, CUSTOM_OBJECT_NAME: 'Event-Links' });

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/CUSTOM_OBJECT_NAME/);
  });
});
