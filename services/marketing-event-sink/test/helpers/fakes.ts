import { silentLogger } from '@oniva-hubspot/kafka';

import type { ConnectionConfig, RecordContext } from '../../src/enrichment/account-config.js';
import { DEFAULT_STATUS_MAPPING } from '../../src/enrichment/status-mapping.js';
import type { MarketingEventParams } from '../../src/events/event-params.js';
import type { ConnectionDiagnosis } from '../../src/health/diagnosis.js';
import type { ParticipantVersion } from '../../src/participation/versions.js';
import {
  participantLedgerKey,
  type AppliedEvent,
  type AppliedParticipant,
  type AttendanceInput,
  type AttendanceResult,
  type HandleOptions,
  type MarketingEventLink,
  type MarketingEventsApi,
  type SinkDependencies,
  type StatsDelta,
} from '../../src/ports.js';

/** A HubSpot failure shaped like the gateway's `HubSpotError`. */
export class FakeHubSpotError extends Error {
  constructor(
    readonly kind: 'retriable' | 'connection' | 'permanent',
    readonly code: string,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, kind: this.kind, message: this.message };
  }
}

/** Scripted HubSpot API: each call returns or throws the next scripted result, or succeeds. */
export class FakeApi implements MarketingEventsApi {
  readonly tokenFingerprint = 'fp-1';
  readonly upserts: MarketingEventParams[] = [];
  readonly attendance: { state: string; inputs: AttendanceInput[] }[] = [];
  upsertFailures: Error[] = [];
  attendanceAnswers: (Error | ((inputs: readonly AttendanceInput[]) => AttendanceResult[]))[] = [];

  async upsertEvent(params: MarketingEventParams): Promise<{ objectId: string }> {
    this.upserts.push(params);
    const failure = this.upsertFailures.shift();
    if (failure !== undefined) {
      throw failure;
    }
    return { objectId: `obj-${params.externalEventId}` };
  }

  async recordAttendance(call: {
    state: string;
    inputs: readonly AttendanceInput[];
  }): Promise<AttendanceResult[]> {
    this.attendance.push({ state: call.state, inputs: [...call.inputs] });
    const answer = this.attendanceAnswers.shift();
    if (answer instanceof Error) {
      throw answer;
    }
    if (answer !== undefined) {
      return answer(call.inputs);
    }
    return call.inputs.map((_, index) => ({ ok: true, contactId: String(100 + index) }));
  }
}

export function healthyConnection(overrides: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return {
    accountId: 'acc-1',
    portalId: 4242,
    appId: 77,
    marketingEventsEnabled: true,
    statusMapping: DEFAULT_STATUS_MAPPING,
    portalTimeZone: 'Europe/Berlin',
    health: { state: 'healthy', code: undefined, message: undefined, since: undefined },
    tokenFingerprint: 'fp-1',
    ...overrides,
  };
}

/** In-memory dependencies for handler unit tests; the stores record what was written. */
export class FakeDependencies implements SinkDependencies {
  readonly api = new FakeApi();
  context: RecordContext = {
    connection: healthyConnection(),
    workspaceActivation: { activatedAt: new Date('2025-01-01T00:00:00Z'), active: true },
    eventActivation: { activatedAt: new Date('2025-01-01T00:00:00Z'), active: true },
  };
  readonly ledgerEntries = new Map<string, ParticipantVersion>();
  readonly eventVersions = new Map<string, number>();
  readonly links = new Map<string, MarketingEventLink>();
  readonly unhealthy: {
    accountId: string;
    tokenFingerprint: string | undefined;
    diagnosis: ConnectionDiagnosis;
  }[] = [];
  readonly invalidated: string[] = [];
  readonly statsDeltas: { accountId: string; eventId: string; delta: StatsDelta }[] = [];
  /** Result of `markUnhealthy`; false simulates a token replaced meanwhile. */
  tokenStillStored = true;
  readonly defaultOrganizer = 'Oniva';
  readonly retryTierCount = 3;

  readonly config = {
    recordContext: async (): Promise<RecordContext> => this.context,
    invalidateAccount: (accountId: string) => {
      this.invalidated.push(accountId);
    },
  };

  readonly ledger = {
    participants: async (keys: readonly { accountId: string; eventId: string; email: string }[]) => {
      const found = new Map<string, ParticipantVersion>();
      for (const key of keys) {
        const entry = this.ledgerEntries.get(participantLedgerKey(key));
        if (entry !== undefined) {
          found.set(participantLedgerKey(key), entry);
        }
      }
      return found;
    },
    recordParticipants: async (entries: readonly AppliedParticipant[]) => {
      for (const entry of entries) {
        this.ledgerEntries.set(participantLedgerKey(entry), {
          version: entry.version,
          occurredAtMs: entry.occurredAtMs,
        });
      }
    },
    eventVersion: async (accountId: string, eventId: string) =>
      this.eventVersions.get(`${accountId}:${eventId}`),
    recordEvent: async (entry: AppliedEvent) => {
      this.eventVersions.set(`${entry.accountId}:${entry.eventId}`, entry.version);
    },
  };

  readonly mappings = {
    find: async (accountId: string, eventId: string) => this.links.get(`${accountId}:${eventId}`),
    save: async (link: MarketingEventLink) => {
      this.links.set(`${link.accountId}:${link.eventId}`, link);
    },
  };

  readonly health = {
    markUnhealthy: async (
      accountId: string,
      tokenFingerprint: string | undefined,
      diagnosis: ConnectionDiagnosis,
    ) => {
      this.unhealthy.push({ accountId, tokenFingerprint, diagnosis });
      return this.tokenStillStored;
    },
    markRecovered: async () => true,
  };

  readonly stats = {
    add: async (accountId: string, eventId: string, delta: StatsDelta) => {
      this.statsDeltas.push({ accountId, eventId, delta });
    },
  };

  readonly hubspot = {
    forConnection: async () => this.api,
    invalidateAccount: () => {},
  };

  readonly now = (): Date => new Date('2025-06-10T12:00:00Z');
}

export const handleOptions: HandleOptions = { logger: silentLogger };
