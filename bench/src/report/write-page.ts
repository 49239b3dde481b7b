import { readFile, writeFile } from 'node:fs/promises';

import { reportPage } from '../environment/paths.js';
import { renderResult, renderSummary, replaceSection } from './markdown.js';
import { loadResults } from './results.js';

/**
 * Rewrites the generated parts of `docs/benchmarks.md` from the stored results: the summary and
 * one section per benchmark. Text outside the `<!-- bench:... -->` markers is kept as written.
 */
export async function writeReportPage(): Promise<string> {
  const results = await loadResults();
  let page: string;
  try {
    page = await readFile(reportPage, 'utf8');
  } catch {
    page = '# Benchmarks\n';
  }
  page = replaceSection(page, 'summary', renderSummary(results), 'Summary');
  for (const result of results) {
    page = replaceSection(page, result.name, renderResult(result), result.title);
  }
  await writeFile(reportPage, page.endsWith('\n') ? page : `${page}\n`);
  return reportPage;
}
