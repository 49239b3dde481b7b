import { defineConfig } from 'vitest/config';

// Two projects: `unit` runs without servers; `integration` gets the real Kafka broker and
// MongoDB-compatible server from the global setup (local stack, Docker or external URLs).
export default defineConfig({
  resolve: { conditions: ['source'] },
  test: {
    // CI asks for a JSON report beside the console output (see .ci/run).
    reporters: process.env.VITEST_JSON ? ['default', 'json'] : ['default'],
    outputFile: process.env.VITEST_JSON ? { json: process.env.VITEST_JSON } : undefined,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // Unit tests run first and on their own, before the integration files share the servers.
          sequence: { groupOrder: 0 },
          include: ['{libs,services}/*/test/**/*.test.ts', '{bench,demo}/test/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['{libs,services}/*/test/**/*.int.test.ts', '{bench,demo}/test/**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['libs/testing/src/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Integration files share one broker and one database server; each file uses its own
          // topics, group ids and database names, so files may run in parallel.
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
    ],
  },
});
