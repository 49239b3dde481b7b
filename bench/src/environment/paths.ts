import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the repository checkout. */
export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Folder of the JSON result files, one per benchmark. */
export const resultsDirectory = path.join(repositoryRoot, 'bench/results');

/** The benchmark page that `report` rewrites between its markers. */
export const reportPage = path.join(repositoryRoot, 'docs/benchmarks.md');

/** Log files of the processes a benchmark starts. */
export const logDirectory = path.join(repositoryRoot, '.stack/bench-logs');
