import { defineConfig } from 'tsup';

// Bundles the workspace libraries from their TypeScript sources (the `source` export condition)
// and leaves npm dependencies external, so `node dist/main.js` runs with the installed packages.
export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  clean: true,
  noExternal: [/^@oniva-hubspot\//],
  esbuildOptions(options) {
    options.conditions = ['source'];
  },
});
