import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { booking, Harness, waitFor } from './helpers/harness.js';

const SERVICE_DIR = fileURLToPath(new URL('..', import.meta.url));
const EVENTS = ['evt-k0', 'evt-k1', 'evt-k2', 'evt-k3', 'evt-k4', 'evt-k5'];
const PARTICIPANTS = 240;

describe('sink killed mid-batch', () => {
  let harness: Harness;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    harness = await Harness.create({ partitions: 3 });
    await harness.seedConnection();
    await harness.activate(EVENTS);
  });

  afterAll(async () => {
    for (const child of children) {
      child.kill('SIGKILL');
    }
    await harness?.close();
  });

  /** Starts the sink as its own process, as it runs in production, with short group timeouts. */
  function startChild(round: number): ChildProcess {
    const logPath = join(tmpdir(), `marketing-event-sink-crash-${process.pid}-${round}.log`);
    const log = openSync(logPath, 'w');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: SERVICE_DIR,
      env: {
        ...process.env,
        ...harness.env,
        // One transactional id for every incarnation, so a new process fences the killed one's
        // open transaction at once instead of waiting for the transaction timeout.
        KAFKA_INSTANCE_ID: 'crash-test',
        KAFKA_SESSION_TIMEOUT: '6s',
        KAFKA_HEARTBEAT_INTERVAL: '1s',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    children.push(child);
    return child;
  }

  async function kill(child: ChildProcess): Promise<void> {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  it('leaves no duplicate and no missing participation', async () => {
    // Slow HubSpot calls keep batches in flight when the process is killed.
    harness.sandbox.admin.addFault({
      match: { path: '/marketing/v3/marketing-events/attendance/**' },
      effect: { type: 'latency', minMs: 50, maxMs: 250 },
    });

    const base = Date.UTC(2025, 7, 1, 9, 0, 0);
    const records = Array.from({ length: PARTICIPANTS }, (_, index) => index).flatMap((index) => {
      const common = {
        eventId: EVENTS[index % EVENTS.length]!,
        bookingId: `bk-crash-${index}`,
        email: `crash${index}@example.test`,
      };
      return [
        booking({
          ...common,
          version: 1,
          status: 'registered',
          occurredAt: new Date(base + index).toISOString(),
        }),
        booking({
          ...common,
          version: 2,
          type: 'booking.status_changed',
          status: 'attended',
          occurredAt: new Date(base + 3_600_000 + index).toISOString(),
        }),
      ];
    });
    // Each round gets a fresh quarter of the records, produced in small slices so that the sink
    // works through many batches and always has work in flight when it is killed.
    const quarter = records.length / 4;
    const produceQuarter = async (round: number) => {
      const slice = records.slice(round * quarter, (round + 1) * quarter);
      for (let start = 0; start < slice.length; start += 20) {
        await harness.produceBookings(slice.slice(start, start + 20));
      }
    };

    const participants = async () => {
      let total = 0;
      for (const eventId of EVENTS) {
        total += (await harness.participations(eventId)).size;
      }
      return total;
    };

    for (let round = 0; round < 3; round += 1) {
      await produceQuarter(round);
      const child = startChild(round);
      const callsBefore = harness.attendanceCalls(200);
      // Kill once the process has made some progress, in the middle of its work.
      await waitFor(
        () => harness.attendanceCalls(200) > callsBefore || child.exitCode !== null,
        `round ${round} made progress`,
        45_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 100 + round * 100));
      expect(child.exitCode, 'the sink process exited before it was killed').toBeNull();
      await kill(child);
    }

    await produceQuarter(3);
    startChild(3);
    await waitFor(
      async () =>
        (await harness.models.SyncLedgerEntry.countDocuments({ kind: 'participant', version: 2 })) ===
        PARTICIPANTS,
      'every participant reached version 2 in the ledger',
      90_000,
    );

    expect(await participants()).toBe(PARTICIPANTS);
    for (const eventId of EVENTS) {
      const read = await harness.participations(eventId);
      for (const [email, participation] of read) {
        const index = Number(email.slice('crash'.length, email.indexOf('@')));
        expect(participation, email).toEqual({ state: 'ATTENDED', occurredAt: base + 3_600_000 + index });
      }
    }
    expect(await harness.models.DeadLetter.countDocuments({})).toBe(0);
    expect(await harness.models.ParkedMessage.countDocuments({})).toBe(0);

    // Every state change reached HubSpot. Repeats after a kill carry the same interaction time,
    // so HubSpot treats them as the same change and no participation contains a duplicate.
    const sent = new Map<string, number>();
    for (const call of harness.sandbox.admin.requests({
      path: '/marketing/v3/marketing-events/attendance/**',
      status: 200,
    })) {
      const state = call.path.split('/').at(-2);
      for (const input of (call.body as { inputs: { email: string; interactionDateTime: number }[] })
        .inputs) {
        const key = `${input.email}|${state}|${input.interactionDateTime}`;
        sent.set(key, (sent.get(key) ?? 0) + 1);
      }
    }
    const changes = [...sent.keys()];
    const resent = [...sent.values()].filter((count) => count > 1).length;
    console.info(`state changes sent: ${changes.length}, sent again after a kill: ${resent}`);
    expect(changes.filter((key) => key.includes('|attend|'))).toHaveLength(PARTICIPANTS);
    expect(changes.every((key) => /\|(register|attend)\|/.test(key))).toBe(true);
    for (const key of changes) {
      const [email, state, time] = key.split('|');
      const index = Number(email!.slice('crash'.length, email!.indexOf('@')));
      const expectedTime = state === 'register' ? base + index : base + 3_600_000 + index;
      expect(Number(time), key).toBe(expectedTime);
    }
    const contacts = harness.sandbox.admin.portal(4242).contactCount;
    expect(contacts).toBe(PARTICIPANTS);
  }, 200_000);
});
