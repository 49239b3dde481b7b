import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import {
  booleanFlag,
  ConfigError,
  durationMs,
  hubspotBasePath,
  kafkaBrokers,
  loadConfig,
  logLevel,
  mongoUri,
  port,
  positiveInt,
} from '../src/index.js';

/** Parses `{ NAME: value }` with one field and returns the ConfigError's problem lines. */
function problemsOf(field: z.ZodType, value: string | undefined): readonly string[] {
  try {
    loadConfig(z.object({ NAME: field }), { NAME: value });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

function parse<T extends z.ZodType>(field: T, value: string | undefined): z.output<T> {
  const { config } = loadConfig(z.object({ NAME: field as z.ZodType }), { NAME: value });
  return (config as { NAME: unknown }).NAME as z.output<T>;
}

describe('kafkaBrokers', () => {
  it('kafkaBrokers splits and trims a comma list', () => {
    expect(parse(kafkaBrokers, ' a:9092, b.example:9093 ,')).toEqual(['a:9092', 'b.example:9093']);
  });

  it('kafkaBrokers accepts a bracketed IPv6 address', () => {
    expect(parse(kafkaBrokers, '[::1]:9092')).toEqual(['[::1]:9092']);
  });

  it.each(['kafka', 'a:9092,kafka', 'a:0', 'a:70000', ',', 'a:b'])('kafkaBrokers rejects %j', (value) => {
    expect(problemsOf(kafkaBrokers, value)).toEqual([
      `NAME: expected host:port[,host:port...], received ${JSON.stringify(value)}`,
    ]);
  });
});

describe('mongoUri', () => {
  it('mongoUri accepts mongodb and mongodb+srv schemes', () => {
    expect(parse(mongoUri, 'mongodb://127.0.0.1:27017/db')).toBe('mongodb://127.0.0.1:27017/db');
    expect(parse(mongoUri, 'mongodb+srv://cluster.example/db?retryWrites=true')).toBe(
      'mongodb+srv://cluster.example/db?retryWrites=true',
    );
  });

  it('mongoUri rejects another scheme', () => {
    expect(problemsOf(mongoUri, 'postgres://db')).toEqual([
      'NAME: expected a mongodb:// or mongodb+srv:// connection string, received "postgres://db"',
    ]);
  });

  it('mongoUri error masks the password of the received value', () => {
    expect(problemsOf(mongoUri, 'mongodb://app:hunter2@')).toEqual([
      'NAME: expected a mongodb:// or mongodb+srv:// connection string, received "mongodb://app:****@"',
    ]);
  });
});

describe('port and positiveInt', () => {
  it('port accepts 0 and 65535', () => {
    expect(parse(port, '0')).toBe(0);
    expect(parse(port, '65535')).toBe(65_535);
  });

  it.each(['-1', '65536', '80.5', 'http', '0x50'])('port rejects %j', (value) => {
    expect(problemsOf(port, value)).toEqual([
      `NAME: expected an integer from 0 to 65535, received ${JSON.stringify(value)}`,
    ]);
  });

  it.each(['0', '-3', '1.5', 'ten'])('positiveInt rejects %j', (value) => {
    expect(problemsOf(positiveInt, value)).toEqual([
      `NAME: expected an integer >= 1, received ${JSON.stringify(value)}`,
    ]);
  });

  it('positiveInt parses digits', () => {
    expect(parse(positiveInt, '250')).toBe(250);
  });
});

describe('logLevel', () => {
  it('logLevel rejects an unknown level', () => {
    expect(problemsOf(logLevel, 'verbose')).toEqual([
      'NAME: expected one of fatal, error, warn, info, debug, trace, silent, received "verbose"',
    ]);
  });
});

describe('durationMs', () => {
  it.each([
    ['250ms', 250],
    ['5s', 5_000],
    ['1m', 60_000],
    ['1h', 3_600_000],
    ['1.5s', 1_500],
    ['1500', 1_500],
    ['0', 0],
  ])('durationMs parses %j as %d ms', (value, expected) => {
    expect(parse(durationMs, value)).toBe(expected);
  });

  it.each(['5 parsecs', '-1s', 's', '1d', '1 m'])('durationMs rejects %j', (value) => {
    expect(problemsOf(durationMs, value)).toEqual([
      `NAME: expected a duration such as 250ms, 5s, 1m or 1h, or a number of milliseconds, received ${JSON.stringify(value)}`,
    ]);
  });
});

describe('booleanFlag', () => {
  it.each([
    ['true', true],
    ['FALSE', false],
    ['1', true],
    ['0', false],
  ])('booleanFlag parses %j', (value, expected) => {
    expect(parse(booleanFlag, value)).toBe(expected);
  });

  it('booleanFlag rejects yes', () => {
    expect(problemsOf(booleanFlag, 'yes')).toEqual(['NAME: expected true, false, 1 or 0, received "yes"']);
  });
});

describe('hubspotBasePath', () => {
  it('hubspotBasePath defaults to the public API', () => {
    expect(parse(hubspotBasePath, undefined)).toBe('https://api.hubapi.com');
  });

  it('hubspotBasePath drops trailing slashes', () => {
    expect(parse(hubspotBasePath, 'http://127.0.0.1:4010/')).toBe('http://127.0.0.1:4010');
  });

  it.each(['ftp://files.example', 'api.hubapi.com', 'https://api.hubapi.com?x=1'])(
    'hubspotBasePath rejects %j',
    (value) => {
      expect(problemsOf(hubspotBasePath, value)).toEqual([
        `NAME: expected an http:// or https:// URL without query string or fragment, received ${JSON.stringify(value)}`,
      ]);
    },
  );
});
