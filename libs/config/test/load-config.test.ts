import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import {
  ConfigError,
  loadConfig,
  positiveInt,
  requireActiveTokenKey,
  sharedServiceEnv,
  tokenEncryptionEnvShape,
} from '../src/index.js';

const validEnv = {
  KAFKA_BROKERS: '127.0.0.1:39092',
  KAFKA_CLIENT_ID: 'link-sink',
  MONGODB_URI: 'mongodb://127.0.0.1:37017/oniva',
};

function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('loadConfig applies the shared defaults', () => {
    const { config, warnings } = loadConfig(sharedServiceEnv, validEnv);
    expect(config).toEqual({
      KAFKA_BROKERS: ['127.0.0.1:39092'],
      KAFKA_CLIENT_ID: 'link-sink',
      MONGODB_URI: 'mongodb://127.0.0.1:37017/oniva',
      LOG_LEVEL: 'info',
      OPS_PORT: 9464,
      OPS_HOST: '127.0.0.1',
      HUBSPOT_BASE_PATH: 'https://api.hubapi.com',
      SHUTDOWN_TIMEOUT: 30_000,
    });
    expect(warnings).toEqual([]);
  });

  it('loadConfig treats empty values as unset', () => {
    const { config } = loadConfig(sharedServiceEnv, { ...validEnv, LOG_LEVEL: '', OPS_PORT: '  ' });
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.OPS_PORT).toBe(9464);
  });

  it('loadConfig returns a deeply frozen object', () => {
    const schema = sharedServiceEnv.extend(tokenEncryptionEnvShape).superRefine(requireActiveTokenKey);
    const { config } = loadConfig(schema, {
      ...validEnv,
      TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32).toString('base64')}`,
      TOKEN_ENCRYPTION_ACTIVE_KEY_ID: 'k1',
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.KAFKA_BROKERS)).toBe(true);
    expect(() => {
      (config as { LOG_LEVEL: string }).LOG_LEVEL = 'debug';
    }).toThrow(TypeError);
    expect(() => (config.KAFKA_BROKERS as string[]).push('x:1')).toThrow(TypeError);
    expect(() => (config.TOKEN_ENCRYPTION_KEYS as Map<string, Buffer>).set('k2', Buffer.alloc(32))).toThrow(
      'the configuration is read-only',
    );
  });

  it('loadConfig lists every invalid variable', () => {
    const error = configErrorOf(() =>
      loadConfig(sharedServiceEnv, {
        KAFKA_BROKERS: 'kafka',
        MONGODB_URI: 'mongodb://127.0.0.1/db',
        OPS_PORT: 'http',
      }),
    );
    expect(error.code).toBe('CONFIG_ERR_INVALID_ENV');
    expect(error.retryable).toBe(false);
    expect(error.problems).toEqual([
      'KAFKA_BROKERS: expected host:port[,host:port...], received "kafka"',
      'KAFKA_CLIENT_ID: expected a Kafka client id of letters, digits, ".", "_" or "-", received nothing (the variable is not set)',
      'OPS_PORT: expected an integer from 0 to 65535, received "http"',
    ]);
    expect(error.message).toBe(
      `Invalid configuration, fix these environment variables:\n  ${error.problems.join('\n  ')}`,
    );
  });

  it('loadConfig masks values of secret-named variables', () => {
    const schema = z.object({
      HUBSPOT_CLIENT_SECRET: z.string().min(32),
      OPERATOR_API_KEY: z.string().min(32),
      ADMIN_PASSWORD: z.string().min(32),
      SANDBOX_TOKEN: positiveInt,
    });
    const error = configErrorOf(() =>
      loadConfig(schema, {
        HUBSPOT_CLIENT_SECRET: 'short-secret',
        OPERATOR_API_KEY: 'short-key',
        ADMIN_PASSWORD: 'hunter2',
        SANDBOX_TOKEN: 'pat-na1-abc',
      }),
    );
    expect(error.problems).toEqual([
      'HUBSPOT_CLIENT_SECRET: expected a length >= 32, received [masked]',
      'OPERATOR_API_KEY: expected a length >= 32, received [masked]',
      'ADMIN_PASSWORD: expected a length >= 32, received [masked]',
      'SANDBOX_TOKEN: expected an integer >= 1, received [masked]',
    ]);
    for (const secret of ['short-secret', 'short-key', 'hunter2', 'pat-na1-abc']) {
      expect(error.message).not.toContain(secret);
    }
  });

  it('loadConfig rewrites default zod messages to the expected form', () => {
    const schema = z.object({ MODE: z.enum(['fast', 'safe']), NAME: z.string().max(3), COUNT: z.number() });
    const error = configErrorOf(() => loadConfig(schema, { MODE: 'slow', NAME: 'long' }));
    expect(error.problems).toEqual([
      'MODE: expected one of "fast", "safe", received "slow"',
      'NAME: expected a length <= 3, received "long"',
      'COUNT: expected number, received nothing (the variable is not set)',
    ]);
  });

  it('loadConfig reports a cross-field rule under its field', () => {
    const schema = z.object({ MIN_BATCH: positiveInt, MAX_BATCH: positiveInt }).superRefine((env, ctx) => {
      if (env.MIN_BATCH > env.MAX_BATCH) {
        ctx.addIssue({
          code: 'custom',
          path: ['MIN_BATCH'],
          message: `expected at most MAX_BATCH (${env.MAX_BATCH})`,
        });
      }
    });
    const error = configErrorOf(() => loadConfig(schema, { MIN_BATCH: '500', MAX_BATCH: '100' }));
    expect(error.problems).toEqual(['MIN_BATCH: expected at most MAX_BATCH (100), received "500"']);
  });

  it('loadConfig reports a rule without path as configuration-wide', () => {
    const schema = z
      .object({ A: z.string().optional(), B: z.string().optional() })
      .superRefine((env, ctx) => {
        if (!env.A && !env.B) ctx.addIssue({ code: 'custom', message: 'expected A or B to be set' });
      });
    const error = configErrorOf(() => loadConfig(schema, {}));
    expect(error.problems).toEqual(['(configuration): expected A or B to be set']);
  });

  it('loadConfig warns about unknown ONIVA_ variables', () => {
    const { warnings } = loadConfig(sharedServiceEnv.extend({ ONIVA_BATCH_SIZE: positiveInt.optional() }), {
      ...validEnv,
      ONIVA_BATCH_SIZE: '10',
      ONIVA_BACTH_SIZE: '20',
      ONIVA_ZONE: '',
      PATH: '/usr/bin',
    });
    expect(warnings).toEqual([
      'ONIVA_BACTH_SIZE is set but this service does not read it; check the name for a typo',
      'ONIVA_ZONE is set but this service does not read it; check the name for a typo',
    ]);
  });

  it('loadConfig reads process.env by default', () => {
    const schema = z.object({ PATH: z.string() });
    expect(loadConfig(schema).config.PATH).toBe(process.env.PATH);
  });
});
