import { summariseCalls } from '../analysis/hubspot-calls.js';
import { maxInWindow, minimumSpanMs, PROFESSIONAL_BURST_MAX, round } from '../analysis/stats.js';
import type { Benchmark } from '../benchmark.js';
import { BENCH_WORKSPACE_ID } from '../harness/booking-input.js';
import type { ImportRun } from '../harness/connector-api.js';
import { sleep } from '../harness/processes.js';
import { benchPortal, benchToken, SandboxProcess } from '../harness/sandbox.js';
import { runTopics, ServiceLauncher } from '../harness/services.js';
import { BenchError } from '../errors.js';
import { BENCH_ACCOUNT_ID, SINK_APP_ID, SINK_PORTAL_ID } from './sink-scenario.js';

/** Max list memberships per page and contacts per batch read, as HubSpot documents them. */
const MEMBERSHIP_PAGE_MAX = 250;
const BATCH_READ_MAX = 100;
/** Allowed excess over the time the rate limit allows. */
const ALLOWED_EXCESS = 0.1;
const IMPORT_EVENT_ID = 'event-import';

/**
 * Imports a HubSpot list of `--contacts` generated contacts into an Oniva event with the importer
 * service, started through the connector API as an admin would, on a Professional portal (190
 * calls per 10 s). The import's duration is compared with the shortest time the limit allows for
 * the calls any importer needs: one membership page per 250 contacts and one batch read per 100.
 */
export const importList: Benchmark = {
  name: 'import',
  title: 'Import of a HubSpot list into an Oniva event',
  options: ['contacts', 'timeout'],
  async run(context, options) {
    const topics = runTopics(context);
    await context.kafka.createTopics(Object.values(topics), 3);
    const sandbox = await SandboxProcess.start({
      name: 'hubspot-sandbox',
      logDirectory: context.logDirectory,
    });
    context.track(sandbox.process);
    await sandbox.provision([
      benchPortal({
        portalId: SINK_PORTAL_ID,
        appIds: [SINK_APP_ID],
        lists: [
          {
            name: 'Benchmark invitees',
            processingType: 'MANUAL',
            generate: options.contacts,
            domain: 'invitees.example.test',
          },
        ],
      }),
    ]);
    const list = (await sandbox.lists(SINK_PORTAL_ID)).find((entry) => entry.name === 'Benchmark invitees');
    if (list === undefined) {
      throw new BenchError(
        'BENCH_ERR_UNEXPECTED_RESULT',
        'The sandbox did not create the benchmark list; see its log.',
      );
    }

    const launcher = new ServiceLauncher({ context, hubspotUrl: sandbox.url, topics });
    const api = await launcher.startApi();
    await launcher.start('importer');
    const apiKey = await api.createApiKey(launcher.operatorKey, BENCH_ACCOUNT_ID);
    await api.createConnection(apiKey, BENCH_ACCOUNT_ID, benchToken(SINK_PORTAL_ID, SINK_APP_ID));
    await api.activate(apiKey, BENCH_ACCOUNT_ID, BENCH_WORKSPACE_ID, [IMPORT_EVENT_ID]);

    const requestedAtMs = Date.now();
    const started = await api.startEventImport(apiKey, {
      accountId: BENCH_ACCOUNT_ID,
      workspaceId: BENCH_WORKSPACE_ID,
      eventId: IMPORT_EVENT_ID,
      listId: list.listId,
    });
    const deadline = requestedAtMs + options.timeout * 1000;
    let run: ImportRun = started;
    while (!['completed', 'failed', 'cancelled'].includes(run.state) && Date.now() < deadline) {
      await sleep(1_000);
      run = await api.readImport(apiKey, BENCH_ACCOUNT_ID, started.importId);
    }
    const observedAtMs = Date.now();
    const finished = run.state === 'completed';

    const calls = (await sandbox.requests({ portalId: SINK_PORTAL_ID })).filter(
      (entry) => entry.receivedAt >= requestedAtMs,
    );
    const importerCalls = calls.filter(
      (entry) => entry.path.includes('/memberships') || entry.path.endsWith('/batch/read'),
    );
    const summary = summariseCalls(importerCalls);
    const requiredCalls =
      Math.ceil(options.contacts / MEMBERSHIP_PAGE_MAX) + Math.ceil(options.contacts / BATCH_READ_MAX);
    const allowedMs = minimumSpanMs(requiredCalls, PROFESSIONAL_BURST_MAX);
    const startedAtMs = run.startedAt === undefined ? requestedAtMs : Date.parse(run.startedAt);
    const finishedAtMs = run.finishedAt === undefined ? observedAtMs : Date.parse(run.finishedAt);
    const durationMs = finishedAtMs - requestedAtMs;
    // A list whose calls fit in one window leaves the limit nothing to allow; such runs are not judged.
    const ratio = allowedMs > 0 ? durationMs / allowedMs : Number.NaN;
    const judged = finished && allowedMs > 0;
    const seconds = (ms: number): string => `${round(ms / 1000, 1).toFixed(1)} s`;
    let met: 'yes' | 'no' | 'not measured' = 'no';
    if (finished && !judged) {
      met = 'not measured';
    } else if (judged && ratio <= 1 + ALLOWED_EXCESS) {
      met = 'yes';
    }

    return {
      parameters: {
        'contacts in the list': options.contacts,
        'burst limit': `${PROFESSIONAL_BURST_MAX} per 10 s`,
        'membership page size': MEMBERSHIP_PAGE_MAX,
      },
      tables: [
        {
          title: 'Import run',
          columns: ['figure', 'value'],
          rows: [
            ['final state', finished ? 'completed' : `${run.state} when the benchmark stopped waiting`],
            ['counts: read / created / updated / unchanged / skipped / failed', countsOf(run)],
            ['membership pages done', String(run.pagesDone)],
            ['request to start (queued)', seconds(startedAtMs - requestedAtMs)],
            [
              'request to finish',
              finished ? seconds(durationMs) : `not finished after ${seconds(durationMs)}`,
            ],
            ['HubSpot calls for memberships and batch reads', String(summary.total)],
            [
              'other HubSpot calls after the request (connector API checks, token checks)',
              String(calls.length - importerCalls.length),
            ],
            ['429 responses', String(summariseCalls(calls).rateLimited)],
            ['max calls in any 10-s window', String(maxInWindow(calls.map((entry) => entry.receivedAt)))],
            [
              `time the limit allows for ${requiredCalls} calls (pages of ${MEMBERSHIP_PAGE_MAX}, batch reads of ${BATCH_READ_MAX})`,
              seconds(allowedMs),
            ],
            ['request to finish ÷ time the limit allows', judged ? `${round(ratio, 2)}` : 'not judged'],
          ],
        },
      ],
      targets: [
        {
          id: 'import-time',
          target: `${options.contacts} contacts within ${ALLOWED_EXCESS * 100} % of the time the rate limit allows`,
          measured: finished
            ? `${seconds(durationMs)} vs ${seconds(allowedMs)} allowed${judged ? ` (${round(ratio, 2)}×)` : ''}`
            : `not finished after ${seconds(durationMs)}: ${run.counts.read} of ${options.contacts} read`,
          met,
          ...(options.contacts === 100_000
            ? {}
            : { note: 'the target names a 100,000-contact list; this run used another size' }),
        },
      ],
      notes: [
        'The import is started with POST /v1/accounts/{accountId}/imports (create-only, first and last name mapped) and followed with GET on the run every second, so finish times are exact but the waiting loop adds up to a second.',
        'The time the limit allows assumes a full window at the start: 190 calls at once, then 190 more every 10 s.',
      ],
    };
  },
};

function countsOf(run: ImportRun): string {
  const { read, created, updated, unchanged, skipped, failed } = run.counts;
  return `${read} / ${created} / ${updated} / ${unchanged} / ${skipped} / ${failed}`;
}
