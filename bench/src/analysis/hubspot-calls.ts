import { z } from 'zod';

import type { RequestEntry } from '../harness/sandbox.js';

const ATTENDANCE_PATH = /^\/marketing\/v3\/marketing-events\/attendance\/([^/]+)\/([^/]+)\/email-create$/;

const attendanceBodySchema = z.object({
  inputs: z.array(z.object({ email: z.string(), interactionDateTime: z.number() })),
});

/** One input of an attendance call, with the time the sandbox received the call. */
export interface AttendanceInput {
  eventId: string;
  /** Lower-cased email. */
  email: string;
  interactionMs: number;
  receivedAtMs: number;
  status: number;
}

/** Counts of a portal's logged calls, split by kind. */
export interface CallSummary {
  total: number;
  attendanceCalls: number;
  attendanceInputs: number;
  /** Calls that were not attendance calls, such as marketing-event upserts and token checks. */
  otherCalls: number;
  rateLimited: number;
  /** Epoch ms of the first and last call, or null when there were none. */
  firstAtMs: number | null;
  lastAtMs: number | null;
}

/**
 * Returns the inputs of every `email-create` attendance call among `entries`. The external event
 * id and the state come from the path; the inputs from the logged body.
 */
export function attendanceInputs(entries: readonly RequestEntry[]): AttendanceInput[] {
  const inputs: AttendanceInput[] = [];
  for (const entry of entries) {
    const match = ATTENDANCE_PATH.exec(entry.path);
    if (match === null || entry.method !== 'POST') {
      continue;
    }
    const body = attendanceBodySchema.safeParse(entry.body);
    if (!body.success) {
      continue;
    }
    for (const input of body.data.inputs) {
      inputs.push({
        eventId: decodeURIComponent(match[1]!),
        email: input.email.toLowerCase(),
        interactionMs: input.interactionDateTime,
        receivedAtMs: entry.receivedAt,
        status: entry.status,
      });
    }
  }
  return inputs;
}

/** Summarises `entries`: totals, attendance calls and inputs, 429s, first and last call. */
export function summariseCalls(entries: readonly RequestEntry[]): CallSummary {
  let attendanceCalls = 0;
  let rateLimited = 0;
  let firstAtMs: number | null = null;
  let lastAtMs: number | null = null;
  for (const entry of entries) {
    if (entry.method === 'POST' && ATTENDANCE_PATH.test(entry.path)) {
      attendanceCalls += 1;
    }
    if (entry.status === 429) {
      rateLimited += 1;
    }
    firstAtMs = firstAtMs === null ? entry.receivedAt : Math.min(firstAtMs, entry.receivedAt);
    lastAtMs = lastAtMs === null ? entry.receivedAt : Math.max(lastAtMs, entry.receivedAt);
  }
  return {
    total: entries.length,
    attendanceCalls,
    attendanceInputs: attendanceInputs(entries).length,
    otherCalls: entries.length - attendanceCalls,
    rateLimited,
    firstAtMs,
    lastAtMs,
  };
}
