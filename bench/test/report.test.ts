import { describe, expect, it } from 'vitest';

import { flagName, parseCommandLine } from '../src/options.js';
import { renderSummary, replaceSection } from '../src/report/markdown.js';
import type { BenchResult } from '../src/report/results.js';

describe('replaceSection', () => {
  it('replaceSection rewrites only the text between its markers', () => {
    const page = 'intro\n<!-- bench:a -->\nold\n<!-- /bench:a -->\nafter\n';
    expect(replaceSection(page, 'a', 'new', 'A')).toBe(
      'intro\n<!-- bench:a -->\nnew\n<!-- /bench:a -->\nafter\n',
    );
  });

  it('replaceSection appends a heading and markers when they are missing', () => {
    expect(replaceSection('# Page\n', 'b', 'body', 'B')).toBe(
      '# Page\n\n## B\n\n<!-- bench:b -->\nbody\n<!-- /bench:b -->\n',
    );
  });
});

describe('renderSummary', () => {
  const result: BenchResult = {
    name: 'latency',
    title: 'Latency',
    command: 'npm run bench -w @oniva-hubspot/bench -- latency',
    startedAt: '2026-12-04T21:00:00Z',
    durationSeconds: 60,
    machine: { cpus: 2, cpuModel: 'test', memoryGiB: 4, node: 'v20', kafka: 'k', ferretdb: 'f' },
    load: { atStart: 1, mean: 1, max: 1 },
    parameters: {},
    tables: [],
    targets: [{ id: 'latency-p99', target: 'p99 ≤ 2 s', measured: '0.5 s', met: 'yes' }],
    memory: { 'marketing-event-sink': { maxMiB: 150, lastMiB: 140, samples: 10 } },
    notes: [],
  };

  it('renderSummary marks targets without a stored run as not measured', () => {
    const summary = renderSummary([result]);
    expect(summary).toContain('| Import of a 100,000-contact list |  | not measured | not measured |');
    expect(summary).toContain(
      '| End-to-end latency p99 under nominal load | p99 ≤ 2 s | 0.5 s | yes | latency, 2026-12-04 |',
    );
  });

  it('renderSummary judges memory per service from the sampled max', () => {
    const summary = renderSummary([result]);
    expect(summary).toContain(
      '| Memory of every service: marketing-event-sink | < 200 MiB RSS in every stored run | max 150.0 MiB | yes |',
    );
    expect(summary).toContain(
      '| Memory of every service: importer | < 200 MiB RSS in every stored run | not measured |',
    );
  });
});

describe('parseCommandLine', () => {
  it('parseCommandLine reads benchmark names and numeric flags', () => {
    const { names, options } = parseCommandLine(['latency', '--rate', '25', '--no-report']);
    expect(names).toEqual(['latency']);
    expect(options.rate).toBe(25);
    expect(options.report).toBe(false);
    expect(options.duration).toBe(60);
  });

  it('parseCommandLine rejects a non-numeric count naming the flag', () => {
    expect(() => parseCommandLine(['latency', '--rate', 'fast'])).toThrow(/--rate/);
  });

  it('flagName turns option names into kebab-case flags', () => {
    expect(flagName('naiveSeconds')).toBe('--naive-seconds');
  });
});
