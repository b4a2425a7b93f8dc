import { defineConfig } from 'vitest/config';

// `npm run test:chaos`: one scenario per test; the reporter prints the table and the summary line.
export default defineConfig({
  test: {
    include: ['test/chaos/**/*.chaos.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default', './test/chaos/reporter.ts'],
  },
});
