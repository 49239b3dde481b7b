import { loadConfig } from '@oniva-hubspot/config';
import { describe, expect, it } from 'vitest';

import { sinkEnvSchema } from '../src/config.js';

const KEY = Buffer.alloc(32, 7).toString('base64');
const required = {
  KAFKA_BROKERS: '127.0.0.1:39092',
  MONGODB_URI: 'mongodb://127.0.0.1:37017/sink',
  TOKEN_ENCRYPTION_KEYS: `k1:${KEY}`,
  TOKEN_ENCRYPTION_ACTIVE_KEY_ID: 'k1',
};

describe('sink config', () => {
  it('applies the documented defaults', () => {
    const { config } = loadConfig(sinkEnvSchema, required);
    expect(config.BOOKINGS_TOPIC).toBe('oniva.bookings.v1');
    expect(config.EVENTS_TOPIC).toBe('oniva.events.v1');
    expect(config.CONFIG_CHANGES_TOPIC).toBe('connector.config-changes.v1');
    expect(config.KAFKA_GROUP_ID).toBe('marketing-event-sink');
    expect(config.RETRY_TIER_DELAYS).toEqual([5_000, 60_000, 600_000]);
    expect(config.CONFIG_CACHE_TTL).toBe(30_000);
    expect(config.HUBSPOT_BASE_PATH).toBe('https://api.hubapi.com');
    expect(config.DEFAULT_EVENT_ORGANIZER).toBe('Oniva');
  });

  it('reads retry tier delays as durations', () => {
    const { config } = loadConfig(sinkEnvSchema, { ...required, RETRY_TIER_DELAYS: '250ms, 2s,1m' });
    expect(config.RETRY_TIER_DELAYS).toEqual([250, 2_000, 60_000]);
  });

  it('rejects invalid values naming each variable', () => {
    const load = () =>
      loadConfig(sinkEnvSchema, { ...required, RETRY_TIER_DELAYS: '5s,soon', BOOKINGS_TOPIC: 'bad topic' });
    expect(load).toThrow(
      'RETRY_TIER_DELAYS: expected 1 to 10 durations separated by commas, e.g. 5s,1m,10m, received "5s,soon"',
    );
    expect(load).toThrow('BOOKINGS_TOPIC: expected a Kafka topic name');
  });

  it('rejects an active key id without a key', () => {
    expect(() => loadConfig(sinkEnvSchema, { ...required, TOKEN_ENCRYPTION_ACTIVE_KEY_ID: 'k2' })).toThrow(
      'TOKEN_ENCRYPTION_ACTIVE_KEY_ID: expected one of the key ids in TOKEN_ENCRYPTION_KEYS (k1)',
    );
  });
});
