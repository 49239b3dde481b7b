import { describe, expect, it } from 'vitest';

import {
  dailyLimitResetsAt,
  diagnoseConnectionFailure,
  hasDailyLimitReset,
} from '../src/health/diagnosis.js';

describe('diagnoseConnectionFailure', () => {
  it('tells how to replace a rotated token', () => {
    const diagnosis = diagnoseConnectionFailure({
      code: 'HUBSPOT_TOKEN_INVALID',
      message: 'HubSpot rejected the access token',
    });
    expect(diagnosis.code).toBe('HUBSPOT_TOKEN_INVALID');
    expect(diagnosis.message).toBe('HubSpot rejected the access token');
    expect(diagnosis.fix).toContain('update it in Oniva under App connections');
  });

  it('names the missing scopes', () => {
    const named = diagnoseConnectionFailure({
      code: 'HUBSPOT_MISSING_SCOPES',
      message: 'scopes missing',
      requiredScopes: ['crm.objects.marketing_events.write'],
    });
    expect(named.fix).toContain('Add the scopes crm.objects.marketing_events.write');

    const unnamed = diagnoseConnectionFailure({ code: 'HUBSPOT_MISSING_SCOPES', message: 'scopes missing' });
    expect(unnamed.fix).toContain(
      'crm.objects.marketing_events.read, crm.objects.marketing_events.write, crm.objects.contacts.write',
    );
  });

  it('gives the reset time of the daily limit', () => {
    const diagnosis = diagnoseConnectionFailure({
      code: 'HUBSPOT_DAILY_LIMIT_REACHED',
      message: 'daily limit',
      resetsAt: new Date('2025-03-02T23:00:00Z'),
    });
    expect(diagnosis.fix).toContain('resume by themselves at 2025-03-02T23:00:00.000Z');
  });
});

describe('daily limit reset', () => {
  it('resets at the next midnight in the portal time zone', () => {
    expect(dailyLimitResetsAt(new Date('2025-03-02T15:00:00Z'), 'Europe/Berlin').toISOString()).toBe(
      '2025-03-02T23:00:00.000Z',
    );
    expect(dailyLimitResetsAt(new Date('2025-03-02T23:30:00Z'), 'Europe/Berlin').toISOString()).toBe(
      '2025-03-03T23:00:00.000Z',
    );
    expect(dailyLimitResetsAt(new Date('2025-03-02T15:00:00Z'), undefined).toISOString()).toBe(
      '2025-03-03T00:00:00.000Z',
    );
    expect(dailyLimitResetsAt(new Date('2025-03-02T15:00:00Z'), 'Not/AZone').toISOString()).toBe(
      '2025-03-03T00:00:00.000Z',
    );
  });

  it('heals only the daily limit and only after the reset', () => {
    const since = new Date('2025-03-02T15:00:00Z');
    const daily = { code: 'HUBSPOT_DAILY_LIMIT_REACHED', since };
    expect(hasDailyLimitReset(daily, 'Europe/Berlin', new Date('2025-03-02T22:59:59Z'))).toBe(false);
    expect(hasDailyLimitReset(daily, 'Europe/Berlin', new Date('2025-03-02T23:00:00Z'))).toBe(true);
    expect(
      hasDailyLimitReset({ code: 'HUBSPOT_TOKEN_INVALID', since }, 'UTC', new Date('2025-04-01T00:00:00Z')),
    ).toBe(false);
    expect(
      hasDailyLimitReset({ code: 'HUBSPOT_DAILY_LIMIT_REACHED', since: undefined }, 'UTC', new Date()),
    ).toBe(false);
  });
});
