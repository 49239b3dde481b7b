import type { DestinationStream } from 'pino';
import { describe, expect, it } from 'vitest';

import { componentLogger, createLogger, REDACT_PATHS } from '../src/index.js';

/** Collects the JSON lines a logger writes. */
function memoryDestination(): DestinationStream & {
  lines: () => Record<string, unknown>[];
  text: () => string;
} {
  const chunks: string[] = [];
  return {
    write: (chunk: string) => {
      chunks.push(chunk);
    },
    text: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

const TOKEN = 'pat-na1-5e1ab0c7-secret-token-value';

describe('createLogger', () => {
  it('logger writes service, ISO time and level name', () => {
    const destination = memoryDestination();
    createLogger({ service: 'link-sink', destination }).info({ topic: 'oniva.links.v1' }, 'batch applied');

    const [line] = destination.lines();
    expect(line).toMatchObject({
      service: 'link-sink',
      level: 'info',
      topic: 'oniva.links.v1',
      msg: 'batch applied',
    });
    expect(line?.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('logger respects the level', () => {
    const destination = memoryDestination();
    const logger = createLogger({ service: 'importer', level: 'warn', destination });
    logger.info('hidden');
    logger.warn('shown');
    expect(destination.lines().map((line) => line.msg)).toEqual(['shown']);
  });

  it('logger never writes a token in any shape', () => {
    const destination = memoryDestination();
    const logger = createLogger({ service: 'connector-api', destination });
    const shapes: Record<string, unknown>[] = [
      { accessToken: TOKEN },
      { connection: { accessToken: TOKEN } },
      { token: TOKEN },
      { request: { token: TOKEN } },
      { tokenKey: TOKEN },
      { config: { tokenKey: TOKEN } },
      { apiKey: TOKEN },
      { caller: { apiKey: TOKEN } },
      { password: TOKEN },
      { user: { password: TOKEN } },
      { authorization: `Bearer ${TOKEN}` },
      { hubspot: { authorization: `Bearer ${TOKEN}` } },
      { headers: { authorization: `Bearer ${TOKEN}` } },
      { headers: { Authorization: `Bearer ${TOKEN}` } },
      { req: { headers: { authorization: `Bearer ${TOKEN}` } } },
      { response: { headers: { authorization: `Bearer ${TOKEN}` } } },
    ];
    for (const fields of shapes) logger.info(fields, 'request sent');
    componentLogger(logger, 'gateway', { accessToken: TOKEN }).info('bound token');
    logger.child({ token: TOKEN }).warn({ connection: { accessToken: TOKEN } }, 'child line');

    expect(destination.lines()).toHaveLength(shapes.length + 2);
    expect(destination.text()).not.toContain(TOKEN);
    expect(destination.text()).not.toContain('secret-token');
    expect(destination.text()).toContain('[redacted]');
  });

  it('logger masks connection string credentials', () => {
    const destination = memoryDestination();
    const logger = createLogger({ service: 'importer', destination });
    logger.info({ mongoUri: 'mongodb://app:s3cr3t-pass@db.internal:27017/oniva' }, 'connecting');
    logger.info(
      { config: { MONGODB_URI: 'mongodb+srv://app:s3cr3t-pass@cluster.example/oniva' } },
      'config loaded',
    );

    const [first, second] = destination.lines();
    expect(first?.mongoUri).toBe('mongodb://[redacted]@db.internal:27017/oniva');
    expect((second?.config as Record<string, unknown>).MONGODB_URI).toBe(
      'mongodb+srv://[redacted]@cluster.example/oniva',
    );
    expect(destination.text()).not.toContain('s3cr3t-pass');
  });

  it('logger keeps a connection string without credentials', () => {
    const destination = memoryDestination();
    createLogger({ service: 'importer', destination }).info(
      { mongoUri: 'mongodb://127.0.0.1:37017/oniva' },
      'connecting',
    );
    expect(destination.lines()[0]?.mongoUri).toBe('mongodb://127.0.0.1:37017/oniva');
  });

  it('componentLogger adds the component binding', () => {
    const destination = memoryDestination();
    const logger = createLogger({ service: 'marketing-event-sink', destination });
    componentLogger(logger, 'consumer', { groupId: 'mes' }).info('started');
    expect(destination.lines()[0]).toMatchObject({
      service: 'marketing-event-sink',
      component: 'consumer',
      groupId: 'mes',
    });
  });

  it('redact paths cover request authorization headers', () => {
    expect(REDACT_PATHS).toContain('req.headers.authorization');
    expect(Object.isFrozen(REDACT_PATHS)).toBe(true);
  });
});
