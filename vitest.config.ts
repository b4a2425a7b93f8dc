import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'detectors/**/*.test.ts', 'workers/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/chaos/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // @actions/workflow-parser imports JSON without an import attribute: let Vite transform it.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
