import { HubSpotError } from '@oniva-hubspot/hubspot-gateway';
import { silentLogger } from '@oniva-hubspot/kafka';
import { describe, expect, it } from 'vitest';

import { LinkSinkError } from '../src/errors.js';
import { FailureRouter } from '../src/failures/failure-router.js';
import type { ConnectionDiagnosis, HealthStore } from '../src/ports.js';

const ACCOUNT = { accountId: 'acc-1', tokenFingerprint: '0123456789abcdef' };

function router(markResult = true) {
  const marked: ConnectionDiagnosis[] = [];
  const invalidated: string[] = [];
  const health: HealthStore = {
    markUnhealthy: (_accountId, _fingerprint, diagnosis) => {
      marked.push(diagnosis);
      return Promise.resolve(markResult);
    },
    markRecovered: () => Promise.resolve(true),
  };
  const instance = new FailureRouter({
    health,
    invalidateAccount: (accountId) => invalidated.push(accountId),
    logger: silentLogger,
  });
  return { instance, marked, invalidated };
}

describe('FailureRouter', () => {
  it('marks the connection once and parks every failure of the account', async () => {
    const { instance, marked, invalidated } = router();
    const scopes = new HubSpotError({
      code: 'HUBSPOT_MISSING_SCOPES',
      message: 'missing scopes',
      requiredScopes: ['crm.objects.custom.write'],
    });

    const first = await instance.outcomeOf(scopes, ACCOUNT);
    const second = await instance.outcomeOf(scopes, ACCOUNT);

    expect(first).toMatchObject({ kind: 'park', reason: 'connection-unhealthy' });
    expect(second).toMatchObject({ kind: 'park' });
    expect(marked).toHaveLength(1);
    expect(marked[0]!.fix).toContain('crm.objects.custom.write');
    expect(invalidated).toEqual(['acc-1']);
    expect(instance.connectionFailureOf('acc-1')).toBe(scopes);
  });

  it('retries when the failing token was replaced meanwhile', async () => {
    const { instance } = router(false);
    const invalid = new HubSpotError({ code: 'HUBSPOT_TOKEN_INVALID', message: 'rotated' });

    expect(await instance.outcomeOf(invalid, ACCOUNT)).toEqual({ kind: 'retry', error: invalid });
    expect(instance.connectionFailureOf('acc-1')).toBeUndefined();
  });

  it('dead-letters a permanent HubSpot rejection', async () => {
    const { instance, marked } = router();
    const invalid = new HubSpotError({ code: 'HUBSPOT_VALIDATION_FAILED', message: 'INVALID_EMAIL' });

    expect(await instance.outcomeOf(invalid, ACCOUNT)).toEqual({
      kind: 'dead-letter',
      reason: 'hubspot-rejected',
      error: invalid,
    });
    expect(marked).toEqual([]);
  });

  it('stores the schema name in the fix of a schema failure', async () => {
    const { instance, marked } = router();
    const missing = new LinkSinkError('LINK_SINK_ERR_SCHEMA_MISSING', 'no schema', {
      details: { schemaName: 'oniva_event_link' },
    });

    await instance.outcomeOf(missing, ACCOUNT);

    expect(marked[0]).toMatchObject({ code: 'LINK_SINK_ERR_SCHEMA_MISSING', message: 'no schema' });
    expect(marked[0]!.fix).toContain('"oniva_event_link"');
  });

  it('retries an unexpected exception', async () => {
    const { instance } = router();
    const bug = new TypeError('undefined is not a function');

    expect(await instance.outcomeOf(bug, ACCOUNT)).toEqual({ kind: 'retry', error: bug });
  });
});
