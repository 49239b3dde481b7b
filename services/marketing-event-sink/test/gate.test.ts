import { describe, expect, it } from 'vitest';

import type { ConnectionConfig, RecordContext } from '../src/enrichment/account-config.js';
import { checkTransfer } from '../src/enrichment/gate.js';
import { DEFAULT_STATUS_MAPPING } from '../src/enrichment/status-mapping.js';

const activatedAt = new Date('2025-03-01T10:00:00Z');

function connection(overrides: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return {
    accountId: 'acc-1',
    portalId: 101,
    appId: 7,
    marketingEventsEnabled: true,
    statusMapping: DEFAULT_STATUS_MAPPING,
    portalTimeZone: 'Europe/Berlin',
    health: { state: 'healthy', code: undefined, message: undefined, since: undefined },
    tokenFingerprint: 'abc',
    ...overrides,
  };
}

function context(overrides: Partial<RecordContext> = {}): RecordContext {
  return {
    connection: connection(),
    workspaceActivation: { activatedAt: new Date('2025-02-01T00:00:00Z'), active: true },
    eventActivation: { activatedAt, active: true },
    ...overrides,
  };
}

const later = new Date('2025-03-02T00:00:00Z');

describe('checkTransfer', () => {
  it('sends when everything is active', () => {
    expect(checkTransfer(context(), later).kind).toBe('send');
  });

  it('skips without a connection', () => {
    expect(checkTransfer(context({ connection: undefined }), later)).toEqual({
      kind: 'skip',
      reason: 'no-connection',
    });
  });

  it('skips when the feature is off', () => {
    const decision = checkTransfer(
      context({ connection: connection({ marketingEventsEnabled: false }) }),
      later,
    );
    expect(decision).toEqual({ kind: 'skip', reason: 'feature-disabled' });
  });

  it('skips inactive workspaces and events', () => {
    expect(checkTransfer(context({ workspaceActivation: undefined }), later)).toEqual({
      kind: 'skip',
      reason: 'workspace-not-activated',
    });
    expect(checkTransfer(context({ workspaceActivation: { activatedAt, active: false } }), later)).toEqual({
      kind: 'skip',
      reason: 'workspace-not-activated',
    });
    expect(checkTransfer(context({ eventActivation: undefined }), later)).toEqual({
      kind: 'skip',
      reason: 'event-not-activated',
    });
    expect(checkTransfer(context({ eventActivation: { activatedAt, active: false } }), later)).toEqual({
      kind: 'skip',
      reason: 'event-not-activated',
    });
  });

  it('skips records that occurred before activation', () => {
    const before = new Date(activatedAt.getTime() - 1);
    expect(checkTransfer(context(), before)).toEqual({ kind: 'skip', reason: 'before-activation' });
    expect(checkTransfer(context(), activatedAt).kind).toBe('send');
  });

  it('uses the later workspace activation', () => {
    const workspaceActivation = { activatedAt: new Date('2025-04-01T00:00:00Z'), active: true };
    expect(checkTransfer(context({ workspaceActivation }), later)).toEqual({
      kind: 'skip',
      reason: 'before-activation',
    });
  });

  it('parks records of an unhealthy connection', () => {
    const unhealthy = connection({
      health: { state: 'unhealthy', code: 'HUBSPOT_TOKEN_INVALID', message: 'token rotated', since: later },
    });
    const decision = checkTransfer(context({ connection: unhealthy }), later);
    expect(decision.kind).toBe('park');
    if (decision.kind === 'park') {
      expect(decision.error.code).toBe('MARKETING_SINK_ERR_CONNECTION_UNHEALTHY');
      expect(decision.error.message).toContain('HUBSPOT_TOKEN_INVALID: token rotated');
    }
  });

  it('skips before parking', () => {
    const unhealthy = connection({ health: { state: 'unhealthy', code: 'X', message: 'y', since: later } });
    expect(checkTransfer(context({ connection: unhealthy, eventActivation: undefined }), later)).toEqual({
      kind: 'skip',
      reason: 'event-not-activated',
    });
  });
});
