import { defineConfig, type Options } from 'tsup';

/**
 * Build settings shared by every service: one ESM file `dist/main.js` for Node 20.
 * Workspace libraries are bundled from their TypeScript sources (the `source` export condition);
 * npm packages stay external and load from node_modules at run time, because several of them
 * (pino, mongoose, kafkajs) use dynamic `require` that an ESM bundle cannot contain.
 */
export function serviceBuild(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/main.ts'],
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    clean: true,
    skipNodeModulesBundle: true,
    noExternal: [/^@oniva-hubspot\//],
    esbuildOptions(options) {
      options.conditions = ['source'];
    },
    ...overrides,
  });
}
