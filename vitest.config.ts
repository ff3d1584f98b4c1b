import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

// Unit files are small and CPU-bound: every core runs one (vitest's default leaves one free, which
// on a 2-core CI machine ran them one at a time: 87 s against 52 s on two, test/unit, 2026-11-30).
// Both unit projects share one group, so they take the same count.
const unitWorkers = Math.max(2, availableParallelism());

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
          maxWorkers: unitWorkers,
          // electron-store imports `electron`; inlined, it sees the unit tests' fake electron
          // module (vi.mock) instead of the real package, which throws without its binary.
          server: { deps: { inline: ['electron-store'] } },
        },
      },
      {
        test: {
          name: 'renderer-unit',
          include: ['test/unit/renderer/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          maxWorkers: unitWorkers,
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
          // One worker runs the files one after another on one module graph: isolated, each file
          // imported the server, core and their dependencies again (about a fifth of the suite's
          // time). No file here mocks a module or changes the environment, and each test makes
          // its own servers, folders and databases, so a file has nothing to leave to the next.
          isolate: false,
          // A group of its own, after the unit projects' (vitest refuses projects with different
          // worker counts in one group, as in `npm run test:core`).
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          // Races, crashes, hostile input and the authorization matrix against real server
          // processes and PostgreSQL. `npm run test:reliability` is the short form (part of
          // `npm test`); SHELF_SOAK=1 (`npm run test:soak`) runs the long form.
          name: 'reliability',
          include: ['test/reliability/**/*.test.ts'],
          environment: 'node',
          testTimeout: process.env.SHELF_SOAK === '1' ? 900_000 : 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // As the integration suite: one module graph (the processes a test starts are its own),
          // and a group of its own.
          isolate: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
