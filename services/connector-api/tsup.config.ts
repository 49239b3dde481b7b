import { defineConfig } from 'tsup';

// One ESM bundle for Node 20. The workspace libraries are bundled from their TypeScript sources
// (the `source` export condition); npm dependencies stay external and load from node_modules.
export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  clean: true,
  sourcemap: true,
  noExternal: [/^@oniva-hubspot\//],
  esbuildOptions(options) {
    options.conditions = ['source'];
  },
});
