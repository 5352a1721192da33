import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'runs/**', '.strata/**', 'dist/**'],
    // CLI child processes (bin/strata.js) run the TypeScript sources under test, never a stale dist/ build.
    env: { STRATA_FROM_SOURCE: '1' },
    // Builds the dashboard bundle the browser tests load when it is missing or stale.
    globalSetup: ['tests/global-setup.ts'],
    // One fixed fast-check seed per test file (STRATA_FC_SEED overrides it).
    setupFiles: ['tests/fast-check-seed.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores here: more forks only thrash.
    maxWorkers: 2,
  },
});
