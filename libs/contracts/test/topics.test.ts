import { describe, expect, it } from 'vitest';

import { ContractsError } from '../src/errors.js';
import { RETRY_TIER_DELAYS_MS, TOPICS, dlqTopicName, retryTopicName } from '../src/topics.js';

describe('TOPICS', () => {
  it('is frozen', () => {
    expect(Object.isFrozen(TOPICS)).toBe(true);
  });

  it('names every topic with a version suffix', () => {
    for (const name of Object.values(TOPICS)) {
      expect(name).toMatch(/^[a-z][a-z.-]*\.v1$/);
    }
  });
});

describe('RETRY_TIER_DELAYS_MS', () => {
  it('is 5 s, 1 min and 10 min', () => {
    expect(RETRY_TIER_DELAYS_MS).toEqual([5_000, 60_000, 600_000]);
    expect(Object.isFrozen(RETRY_TIER_DELAYS_MS)).toBe(true);
  });
});

describe('retryTopicName', () => {
  it('appends the tier to the source topic', () => {
    expect(retryTopicName(TOPICS.bookings, 1)).toBe('oniva.bookings.v1.retry.1');
    expect(retryTopicName(TOPICS.links, 3)).toBe('oniva.links.v1.retry.3');
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects tier %s', (tier) => {
    expect(() => retryTopicName(TOPICS.bookings, tier)).toThrow(ContractsError);
    expect(() => retryTopicName(TOPICS.bookings, tier)).toThrow(/expected an integer of 1 or more/);
  });

  it('rejects a retry topic as source', () => {
    const error = catchError(() => retryTopicName('oniva.bookings.v1.retry.1', 2));

    expect(error.code).toBe('CONTRACTS_ERR_INVALID_TOPIC_NAME');
    expect(error.message).toContain('x-original-topic');
  });

  it('rejects a topic name with invalid characters', () => {
    expect(catchError(() => retryTopicName('oniva bookings', 1)).code).toBe(
      'CONTRACTS_ERR_INVALID_TOPIC_NAME',
    );
  });

  it('rejects a name longer than Kafka allows', () => {
    const source = `t${'x'.repeat(244)}`;

    expect(catchError(() => retryTopicName(source, 1)).message).toContain('1 to 249 characters');
  });
});

describe('dlqTopicName', () => {
  it('appends .dlq to the source topic', () => {
    expect(dlqTopicName(TOPICS.events)).toBe('oniva.events.v1.dlq');
  });

  it('rejects a dead-letter topic as source', () => {
    expect(catchError(() => dlqTopicName('oniva.events.v1.dlq')).code).toBe(
      'CONTRACTS_ERR_INVALID_TOPIC_NAME',
    );
  });

  it('rejects the names "." and ".."', () => {
    expect(catchError(() => dlqTopicName('.')).code).toBe('CONTRACTS_ERR_INVALID_TOPIC_NAME');
    expect(catchError(() => dlqTopicName('..')).code).toBe('CONTRACTS_ERR_INVALID_TOPIC_NAME');
  });
});

function catchError(action: () => unknown): ContractsError {
  try {
    action();
  } catch (error) {
    if (error instanceof ContractsError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a ContractsError, but nothing was thrown');
}
