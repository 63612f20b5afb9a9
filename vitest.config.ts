import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{src,solver,geo,tests,benchmarks}/**/*.test.ts'],
    exclude: ['dist/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
