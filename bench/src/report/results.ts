import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { z } from 'zod';

import { machineSchema } from '../environment/machine.js';
import { resultsDirectory } from '../environment/paths.js';

const tableSchema = z.object({
  title: z.string(),
  columns: z.array(z.string()),
  rows: z.array(z.array(z.string())),
});

/** A table of measured figures, already formatted for the page. */
export type ResultTable = z.infer<typeof tableSchema>;

/** The product's targets; the page's summary has one row group per target. */
export const TARGET_IDS = [
  'sink-efficiency',
  'calls-per-thousand',
  'kafka-throughput',
  'latency-p99',
  'import-time',
  'memory',
] as const;

const targetSchema = z.object({
  id: z.enum(TARGET_IDS),
  target: z.string(),
  measured: z.string(),
  met: z.enum(['yes', 'no', 'not measured']),
  note: z.string().optional(),
});

/** One target of the product and how this run measured it. */
export type TargetOutcome = z.infer<typeof targetSchema>;

const rssSchema = z.object({
  maxMiB: z.number(),
  lastMiB: z.number(),
  samples: z.int(),
  cpuSeconds: z.number().optional(),
});

/** The stored result of one benchmark run. */
export const benchResultSchema = z.object({
  name: z.string(),
  title: z.string(),
  /** Command that reproduces the run, from the repository root. */
  command: z.string(),
  startedAt: z.string(),
  durationSeconds: z.number(),
  machine: machineSchema,
  /** Git commit checked out when the run started, marked when the working tree had changes. */
  commit: z.string().optional(),
  /** Modification time of each service bundle the run started, ISO-8601. */
  bundles: z.record(z.string(), z.string()).optional(),
  /** 1-minute load average of the machine during the run. */
  load: z.object({ atStart: z.number(), mean: z.number(), max: z.number() }),
  parameters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  tables: z.array(tableSchema),
  targets: z.array(targetSchema),
  /** Resident set size per process, sampled from `/proc/<pid>/status` during the run. */
  memory: z.record(z.string(), rssSchema),
  notes: z.array(z.string()),
});

/** The stored result of one benchmark run. */
export type BenchResult = z.infer<typeof benchResultSchema>;

/** Writes `result` to `bench/results/<name>.json`, replacing the previous run of that benchmark. */
export async function saveResult(result: BenchResult): Promise<string> {
  await mkdir(resultsDirectory, { recursive: true });
  const file = path.join(resultsDirectory, `${result.name}.json`);
  await writeFile(file, `${JSON.stringify(benchResultSchema.parse(result), null, 2)}\n`);
  return file;
}

/** Reads every stored result, ordered by benchmark name. */
export async function loadResults(): Promise<BenchResult[]> {
  let files: string[];
  try {
    files = (await readdir(resultsDirectory)).filter((file) => file.endsWith('.json')).sort();
  } catch {
    return [];
  }
  const results: BenchResult[] = [];
  for (const file of files) {
    const text = await readFile(path.join(resultsDirectory, file), 'utf8');
    results.push(benchResultSchema.parse(JSON.parse(text)));
  }
  return results;
}
