import { KNOWN_BOOKING_STATUSES } from '@oniva-hubspot/contracts';
import { describe, expect, it } from 'vitest';

import { describeMissingScopes, missingScopesByFeature, REQUIRED_SCOPES } from '../../src/domain/features.js';
import { isEnterpriseByDailyLimit } from '../../src/domain/portal-tier.js';
import { DEFAULT_STATUS_MAPPING, statusMappingSchema } from '../../src/domain/status-mapping.js';

const allOn = { contactImport: true, marketingEvents: true, customObjects: true };

describe('missingScopesByFeature', () => {
  it('returns nothing when every scope is granted', () => {
    const granted = Object.values(REQUIRED_SCOPES).flat();

    expect(missingScopesByFeature(allOn, granted)).toEqual({});
  });

  it('lists the missing scopes of each enabled feature', () => {
    const missing = missingScopesByFeature(allOn, ['crm.lists.read', 'crm.objects.custom.read']);

    expect(missing).toEqual({
      contactImport: ['crm.schemas.contacts.read', 'crm.objects.contacts.read'],
      marketingEvents: REQUIRED_SCOPES.marketingEvents,
      customObjects: ['crm.schemas.custom.read', 'crm.objects.custom.write'],
    });
  });

  it('ignores features that are switched off', () => {
    const missing = missingScopesByFeature(
      { contactImport: true, marketingEvents: false, customObjects: false },
      [],
    );

    expect(Object.keys(missing)).toEqual(['contactImport']);
  });

  it('describes the missing scopes per feature', () => {
    const text = describeMissingScopes({ marketingEvents: ['crm.objects.contacts.write'] });

    expect(text).toBe('Marketing Events sync needs crm.objects.contacts.write');
  });
});

describe('isEnterpriseByDailyLimit', () => {
  it.each([
    [250_000, false],
    [1_250_000, false],
    [625_000, false],
    [650_000, false],
    [2_625_000, false],
    [1_000_000, true],
    [3_000_000, true],
    [5, undefined],
    [undefined, undefined],
  ])('daily limit %s reads as Enterprise %s', (limit, expected) => {
    expect(isEnterpriseByDailyLimit(limit)).toBe(expected);
  });
});

describe('status mapping', () => {
  it('default maps every known Oniva status', () => {
    for (const status of KNOWN_BOOKING_STATUSES) {
      expect(DEFAULT_STATUS_MAPPING[status], status).toBeDefined();
    }
  });

  it('default follows the documented targets', () => {
    expect(DEFAULT_STATUS_MAPPING).toEqual({
      registered: 'register',
      confirmed: 'register',
      attended: 'attend',
      declined: 'cancel',
      cancelled: 'cancel',
    });
  });

  it('schema accepts extra statuses', () => {
    const result = statusMappingSchema.safeParse({ ...DEFAULT_STATUS_MAPPING, waitlisted: 'ignore' });

    expect(result.success).toBe(true);
  });

  it('schema names the statuses without a target', () => {
    const result = statusMappingSchema.safeParse({ registered: 'register' });

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('"confirmed", "declined", "attended", "cancelled"');
  });

  it('schema rejects a status name that is not a lowercase token', () => {
    const result = statusMappingSchema.safeParse({ ...DEFAULT_STATUS_MAPPING, 'No Show': 'ignore' });

    expect(result.success).toBe(false);
  });
});
