import { describe, expect, it } from 'vitest';

import { isDatabaseUnavailableError, isDuplicateKeyError, StoreError } from '../src/index.js';

function namedError(name: string, message = 'failed'): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

describe('isDuplicateKeyError', () => {
  it.each([
    [{ code: 11000 }, true],
    [{ code: 11001 }, true],
    [{ code: 112 }, false],
    [{ writeErrors: [{ code: 11000 }, { code: 11000 }] }, true],
    [{ writeErrors: [{ code: 11000 }, { code: 121 }] }, false],
    [null, false],
    ['E11000', false],
  ])('isDuplicateKeyError(%j) is %s', (error, expected) => {
    expect(isDuplicateKeyError(error)).toBe(expected);
  });
});

describe('isDatabaseUnavailableError', () => {
  it.each([
    'MongoServerSelectionError',
    'MongooseServerSelectionError',
    'MongoNetworkError',
    'MongoNetworkTimeoutError',
    'MongoPoolClearedError',
    'MongoNotConnectedError',
    'MongoTopologyClosedError',
  ])('%s counts as unavailable', (name) => {
    expect(isDatabaseUnavailableError(namedError(name))).toBe(true);
  });

  it('unavailable cause counts as unavailable', () => {
    const wrapped = new Error('apply failed', { cause: namedError('MongoNetworkError') });
    expect(isDatabaseUnavailableError(wrapped)).toBe(true);
  });

  it('mongoose no-buffering message counts as unavailable', () => {
    const error = namedError(
      'MongooseError',
      'Cannot call `syncstats.findOne()` before initial connection is complete if `bufferCommands = false`.',
    );
    expect(isDatabaseUnavailableError(error)).toBe(true);
  });

  it('store error counts only with its unavailable code', () => {
    expect(isDatabaseUnavailableError(new StoreError('STORE_ERR_DATABASE_UNAVAILABLE', 'down'))).toBe(true);
    expect(isDatabaseUnavailableError(new StoreError('STORE_ERR_LEASE_LOST', 'lost'))).toBe(false);
  });

  it('validation and duplicate errors do not count', () => {
    expect(isDatabaseUnavailableError(namedError('ValidationError'))).toBe(false);
    expect(isDatabaseUnavailableError(Object.assign(namedError('MongoServerError'), { code: 11000 }))).toBe(
      false,
    );
    expect(isDatabaseUnavailableError(undefined)).toBe(false);
  });
});

describe('StoreError', () => {
  it('only the unavailable code is retryable', () => {
    expect(new StoreError('STORE_ERR_DATABASE_UNAVAILABLE', 'down').retryable).toBe(true);
    expect(new StoreError('STORE_ERR_TOKEN_DECRYPT_FAILED', 'bad').retryable).toBe(false);
  });
});
