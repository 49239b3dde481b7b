import type { Machine } from '../environment/machine.js';
import { TARGET_IDS, type BenchResult, type ResultTable, type TargetOutcome } from './results.js';

/** Processes of the product whose memory has a target; other sampled processes are shown as context. */
export const SERVICE_NAMES = ['connector-api', 'marketing-event-sink', 'importer', 'link-sink'] as const;

/** Memory target of every service, in MiB of resident set size. */
export const MEMORY_LIMIT_MIB = 200;

const TARGET_TITLES: Record<(typeof TARGET_IDS)[number], string> = {
  'sink-efficiency': 'Sink efficiency at 190 calls per 10 s',
  'calls-per-thousand': 'HubSpot calls per 1,000 bookings',
  'kafka-throughput': 'Kafka-side throughput vs the naive consumer',
  'latency-p99': 'End-to-end latency p99 under nominal load',
  'import-time': 'Import of a 100,000-contact list',
  memory: 'Memory of every service',
};

/** Renders the section of one benchmark: when, how, on what, the figures and its targets. */
export function renderResult(result: BenchResult): string {
  const lines: string[] = [
    `Run ${result.startedAt} in ${result.durationSeconds} s:`,
    '',
    '```sh',
    result.command,
    '```',
    '',
  ];
  lines.push(
    `Machine: ${describeMachine(result.machine)}. 1-minute load average ${result.load.atStart} at start, ` +
      `${result.load.mean} mean and ${result.load.max} max during the run.`,
  );
  lines.push(`Code: commit ${result.commit ?? 'not recorded'}.`);
  const bundles = Object.entries(result.bundles ?? {});
  if (bundles.length > 0) {
    lines.push(
      `Service bundles built at: ${bundles.map(([name, builtAt]) => `${name} ${builtAt}`).join(', ')}.`,
    );
  }
  const parameters = Object.entries(result.parameters)
    .map(([key, value]) => `${key} ${String(value)}`)
    .join(', ');
  if (parameters.length > 0) {
    lines.push(`Parameters: ${parameters}.`);
  }

  for (const table of result.tables) {
    lines.push('', `**${table.title}**`, '', ...renderTable(table));
  }

  const memory = Object.entries(result.memory);
  if (memory.length > 0) {
    const rows = memory.map(([name, rss]) => [
      name,
      rss.maxMiB.toFixed(1),
      rss.lastMiB.toFixed(1),
      rss.cpuSeconds === undefined ? 'not recorded' : rss.cpuSeconds.toFixed(1),
      String(rss.samples),
    ]);
    const columns = ['process', 'max RSS MiB', 'RSS at end MiB', 'CPU s while sampled', 'samples'];
    lines.push('', '**Processes sampled every 250 ms (VmRSS and CPU time from /proc)**', '');
    lines.push(...renderTable({ title: '', columns, rows }));
  }

  if (result.targets.length > 0) {
    const rows = targetRows(result.targets);
    lines.push('', ...renderTable({ title: '', columns: ['target', 'measured', 'met', 'note'], rows }));
  }

  if (result.notes.length > 0) {
    lines.push('', ...result.notes.map((note) => `- ${note}`));
  }
  return lines.join('\n');
}

/**
 * Renders the summary: every target with each run that measured it, and the memory target from
 * the max RSS of each service over all runs. A target that no run measured is shown as not measured.
 */
export function renderSummary(results: readonly BenchResult[]): string {
  const rows: string[][] = [];
  for (const id of TARGET_IDS) {
    if (id === 'memory') {
      rows.push(...memoryRows(results));
      continue;
    }
    const outcomes = results.flatMap((result) =>
      result.targets.filter((target) => target.id === id).map((target) => ({ result, target })),
    );
    if (outcomes.length === 0) {
      rows.push([TARGET_TITLES[id], '', 'not measured', 'not measured', '(no stored run)']);
      continue;
    }
    for (const { result, target } of outcomes) {
      rows.push([
        TARGET_TITLES[id],
        target.target,
        target.measured,
        target.met,
        `${result.name}, ${result.startedAt.slice(0, 10)}`,
      ]);
    }
  }
  const columns = ['target', 'as measured', 'measured', 'met', 'benchmark, date'];
  return renderTable({ title: '', columns, rows }).join('\n');
}

/** Returns one summary row per service with its max RSS over all runs against the memory target. */
function memoryRows(results: readonly BenchResult[]): string[][] {
  return SERVICE_NAMES.map((name) => {
    let max: { maxMiB: number; benchmark: string; date: string } | undefined;
    for (const result of results) {
      const rss = result.memory[name];
      if (rss !== undefined && (max === undefined || rss.maxMiB > max.maxMiB)) {
        max = { maxMiB: rss.maxMiB, benchmark: result.name, date: result.startedAt.slice(0, 10) };
      }
    }
    const title = `${TARGET_TITLES.memory}: ${name}`;
    const condition = `< ${MEMORY_LIMIT_MIB} MiB RSS in every stored run`;
    if (max === undefined) {
      return [title, condition, 'not measured', 'not measured', '(no stored run started it)'];
    }
    const met = max.maxMiB < MEMORY_LIMIT_MIB ? 'yes' : 'no';
    return [title, condition, `max ${max.maxMiB.toFixed(1)} MiB`, met, `${max.benchmark}, ${max.date}`];
  });
}

function targetRows(targets: readonly TargetOutcome[]): string[][] {
  return targets.map((target) => [target.target, target.measured, target.met, target.note ?? '']);
}

function describeMachine(machine: Machine): string {
  return (
    `${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB memory, Node ${machine.node}, ` +
    `${machine.kafka}, ${machine.ferretdb}`
  );
}

function renderTable(table: ResultTable): string[] {
  const escape = (cell: string): string => cell.replace(/\|/g, '\\|');
  return [
    `| ${table.columns.map(escape).join(' | ')} |`,
    `| ${table.columns.map(() => '---').join(' | ')} |`,
    ...table.rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ];
}

/**
 * Replaces the text between `<!-- bench:<key> -->` and `<!-- /bench:<key> -->` in `page` with
 * `content`. A missing pair of markers is appended at the end with a heading, so a new
 * benchmark shows up without editing the page by hand.
 */
export function replaceSection(page: string, key: string, content: string, heading: string): string {
  const begin = `<!-- bench:${key} -->`;
  const end = `<!-- /bench:${key} -->`;
  const block = `${begin}\n${content}\n${end}`;
  const start = page.indexOf(begin);
  const stop = page.indexOf(end);
  if (start === -1 || stop === -1 || stop < start) {
    return `${page.trimEnd()}\n\n## ${heading}\n\n${block}\n`;
  }
  return `${page.slice(0, start)}${block}${page.slice(stop + end.length)}`;
}
