import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql ships both ESM and CommonJS; Pothos loads one and vite would load the other. One copy only.
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['test/**/*.test.ts'],
    // Each test file gets its own PostgreSQL database (see test/support/database.ts); files run in
    // parallel worker processes, two cores' worth.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
