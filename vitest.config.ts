import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'runs/**', '.strata/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores here: more forks only thrash.
    maxWorkers: 2,
  },
});
