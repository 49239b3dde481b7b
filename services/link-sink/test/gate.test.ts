import { describe, expect, it } from 'vitest';

import { checkTransfer } from '../src/enrichment/gate.js';
import { ACTIVATED_AT, activeContext, connection } from './support/fakes.js';

const AFTER = new Date(ACTIVATED_AT.getTime() + 1_000);

describe('checkTransfer', () => {
  it.each([
    ['no-connection', activeContext({ connection: undefined })],
    ['feature-disabled', activeContext({ connection: connection({ customObjectsEnabled: false }) })],
    ['workspace-not-activated', activeContext({ workspaceActivation: undefined })],
    [
      'workspace-not-activated',
      activeContext({ workspaceActivation: { activatedAt: ACTIVATED_AT, active: false } }),
    ],
    ['event-not-activated', activeContext({ eventActivation: undefined })],
    ['event-not-activated', activeContext({ eventActivation: { activatedAt: ACTIVATED_AT, active: false } })],
  ])('skips with %s', (reason, context) => {
    expect(checkTransfer(context, AFTER)).toEqual({ kind: 'skip', reason });
  });

  it('skips a link that occurred before the later activation', () => {
    const context = activeContext({
      eventActivation: { activatedAt: new Date(AFTER.getTime() + 1), active: true },
    });

    expect(checkTransfer(context, AFTER)).toEqual({ kind: 'skip', reason: 'before-activation' });
  });

  it('sends a link that occurred at the activation time', () => {
    expect(checkTransfer(activeContext(), ACTIVATED_AT)).toMatchObject({ kind: 'send' });
  });

  it('parks when the connection is unhealthy', () => {
    const unhealthy = connection({
      health: { state: 'unhealthy', code: 'HUBSPOT_TOKEN_INVALID', message: 'rotated', since: AFTER },
    });

    const decision = checkTransfer(activeContext({ connection: unhealthy }), AFTER);

    expect(decision).toMatchObject({ kind: 'park', error: { code: 'LINK_SINK_ERR_CONNECTION_UNHEALTHY' } });
    expect(decision).toHaveProperty('error.message', expect.stringContaining('HUBSPOT_TOKEN_INVALID'));
  });

  it('skips before parking when an unhealthy connection has the feature off', () => {
    const context = activeContext({
      connection: connection({
        customObjectsEnabled: false,
        health: { state: 'unhealthy', code: 'HUBSPOT_TOKEN_INVALID', message: 'rotated', since: AFTER },
      }),
    });

    expect(checkTransfer(context, AFTER)).toEqual({ kind: 'skip', reason: 'feature-disabled' });
  });
});
