// Writes one JSON Schema file per topic into libs/contracts/json-schema/ from the zod schemas and
// removes schema files of topics that no longer exist. Run it with `npm run schemas`.
import { readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

import { buildJsonSchemaFiles } from '../src/json-schema.js';

const outputDir = fileURLToPath(new URL('../json-schema/', import.meta.url));

const files = buildJsonSchemaFiles();
await mkdir(outputDir, { recursive: true });
for (const file of files) {
  await writeFile(path.join(outputDir, file.fileName), file.content, 'utf8');
}

const expected = new Set(files.map((file) => file.fileName));
for (const name of await readdir(outputDir)) {
  if (name.endsWith('.schema.json') && !expected.has(name)) {
    await rm(path.join(outputDir, name));
    console.log(`removed ${name}`);
  }
}
console.log(`wrote ${files.length} JSON Schema files to ${outputDir}`);
