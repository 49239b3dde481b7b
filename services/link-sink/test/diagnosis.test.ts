import { describe, expect, it } from 'vitest';

import { LINK_SINK_ERROR_CODES, type LinkSinkErrorCode } from '../src/errors.js';
import { diagnoseConnectionFailure } from '../src/failures/diagnosis.js';

const DEFAULT_FIX = diagnoseConnectionFailure({ code: 'SOMETHING_ELSE', message: 'x' }).fix;
const CONNECTION_CODES = (Object.keys(LINK_SINK_ERROR_CODES) as LinkSinkErrorCode[]).filter(
  (code) => LINK_SINK_ERROR_CODES[code] === 'connection' && code !== 'LINK_SINK_ERR_CONNECTION_UNHEALTHY',
);

describe('diagnoseConnectionFailure', () => {
  it.each(CONNECTION_CODES)('gives %s its own fix', (code) => {
    expect(diagnoseConnectionFailure({ code, message: 'x' }).fix).not.toBe(DEFAULT_FIX);
  });

  it.each([
    'HUBSPOT_TOKEN_INVALID',
    'HUBSPOT_MISSING_SCOPES',
    'HUBSPOT_CUSTOM_OBJECTS_UNAVAILABLE',
    'HUBSPOT_DAILY_LIMIT_REACHED',
  ])('gives gateway code %s its own fix', (code) => {
    expect(diagnoseConnectionFailure({ code, message: 'x' }).fix).not.toBe(DEFAULT_FIX);
  });

  it('names the link scopes when HubSpot names none', () => {
    const { fix } = diagnoseConnectionFailure({ code: 'HUBSPOT_MISSING_SCOPES', message: 'x' });

    expect(fix).toContain('crm.objects.custom.write');
    expect(fix).toContain('crm.objects.contacts.write');
  });

  it('gives the reset time of a daily limit', () => {
    const resetsAt = new Date('2025-06-02T22:00:00Z');

    const { fix } = diagnoseConnectionFailure({
      code: 'HUBSPOT_DAILY_LIMIT_REACHED',
      message: 'x',
      resetsAt,
    });

    expect(fix).toContain('2025-06-02T22:00:00.000Z');
  });
});
