import { configDefaults, defineConfig } from 'vitest/config';

// Three projects instead of vitest 3's environmentMatchGlobs (removed in vitest 4): the
// environment is chosen by folder, so a renderer test gets a DOM without a per-file comment.
// test/e2e/ belongs to Playwright and matches none of these globs.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          exclude: [...configDefaults.exclude, 'test/unit/renderer/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'renderer-unit',
          include: ['test/unit/renderer/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          // Real SQLite, PostgreSQL and HTTP servers: slower than unit tests, and run one file
          // at a time so two suites never fight over a database or a 2-core CI machine.
          testTimeout: 30_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
