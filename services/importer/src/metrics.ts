import { counter, gauge, histogram, type Registry } from '@oniva-hubspot/observability';
import type { Counter, Gauge, Histogram } from 'prom-client';

/** Metric families of the importer. */
export interface ImporterMetrics {
  /** Contacts by outcome: read, created, updated, unchanged, skipped, failed. */
  contacts: Counter<'outcome'>;
  /** Skipped contacts by reason: contact-deleted, missing-email, invalid-email. */
  skipped: Counter<'reason'>;
  /** Import records produced, by topic. */
  produced: Counter<'topic'>;
  /** Runs that ended on this process, by final state, or `released`/`lost`/`abandoned` when handed on. */
  runsEnded: Counter<'outcome'>;
  /** Runs this process is working on. */
  activeRuns: Gauge;
  /** Time to read, emit and checkpoint one page, in seconds. */
  pageDuration: Histogram;
}

/** Returns the importer's metrics in `registry`, creating them on first use. */
export function createImporterMetrics(registry: Registry): ImporterMetrics {
  return {
    contacts: counter(registry, {
      name: 'oniva_hubspot_import_contacts_total',
      help: 'HubSpot list contacts processed by import runs, by outcome.',
      labelNames: ['outcome'],
    }),
    skipped: counter(registry, {
      name: 'oniva_hubspot_import_contacts_skipped_total',
      help: 'HubSpot list contacts that import runs skipped, by reason.',
      labelNames: ['reason'],
    }),
    produced: counter(registry, {
      name: 'oniva_hubspot_import_records_produced_total',
      help: 'Import records produced to Oniva, by topic.',
      labelNames: ['topic'],
    }),
    runsEnded: counter(registry, {
      name: 'oniva_hubspot_import_runs_ended_total',
      help: 'Import runs this process stopped working on, by outcome.',
      labelNames: ['outcome'],
    }),
    activeRuns: gauge(registry, {
      name: 'oniva_hubspot_import_runs_active',
      help: 'Import runs this process is working on.',
      labelNames: [],
    }),
    pageDuration: histogram(registry, {
      name: 'oniva_hubspot_import_page_duration_seconds',
      help: 'Time to read, emit and checkpoint one page of list memberships.',
      labelNames: [],
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    }),
  };
}
