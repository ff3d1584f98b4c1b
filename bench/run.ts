import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { describeMachine } from './lib/machine';
import { toMarkdown, writeResults, type Figure } from './lib/results';
import { measurePgbench, pgbenchFigures } from './pgbench';
import { benchCoreStore } from './core-store';
import { benchRenderer } from './renderer-bench';
import { benchSyncPush } from './sync-push';
import { benchBulkReturn } from './bulk-return';
import { benchOutboxCount } from './outbox-count';
import { benchPrepareOnUse } from './prepare-on-use';
import { benchPostgresReturns, benchSqliteReturns } from './server-returns';

/**
 * `npm run bench [-- name…]`: runs the benchmarks (all, or those named), prints one table and
 * writes it to bench/results.md. Figures are medians of several runs; ratios are measured side
 * by side in the same run. Targets are reported, never asserted. SHELF_BENCH_QUICK=1 runs
 * fewer, shorter rounds (a smoke test of the harness, not figures to quote).
 */
interface Bench {
  name: string;
  run(): Promise<Figure[]>;
}

const quick = process.env.SHELF_BENCH_QUICK === '1';

const benches: Bench[] = [
  {
    name: 'pg-returns',
    run: () =>
      benchPostgresReturns({
        runs: quick ? 1 : 3,
        returnsPerRun: quick ? 500 : 2000,
        clientCounts: [16, 64],
        pgbenchRuns: quick ? 1 : 3,
        pgbenchSeconds: quick ? 2 : 5,
      }),
  },
  {
    name: 'sqlite-returns',
    run: () =>
      benchSqliteReturns({ runs: quick ? 1 : 3, returnsPerRun: quick ? 500 : 3000, clients: 64 }),
  },
  {
    name: 'core-store',
    run: () =>
      benchCoreStore({ items: quick ? 20_000 : 100_000, opens: quick ? 5 : 15, queries: 100 }),
  },
  {
    name: 'sync-push',
    run: () => benchSyncPush({ runs: quick ? 1 : 3, returns: quick ? 1000 : 10_000 }),
  },
  {
    name: 'bulk-return',
    run: () => benchBulkReturn({ runs: quick ? 1 : 5, licenses: 100 }),
  },
  {
    name: 'renderer',
    run: () =>
      benchRenderer({
        items: quick ? 20_000 : 100_000,
        runs: quick ? 2 : 5,
        keystrokes: 3,
        scrollFrames: quick ? 60 : 240,
      }),
  },
];

/** Only when named: pg-returns already measures pgbench in the same run; micro-benchmarks. */
const extra: Bench[] = [
  { name: 'pgbench', run: async () => pgbenchFigures(await measurePgbench([16, 64], 3, 5)) },
  {
    name: 'prepare-on-use',
    run: () =>
      Promise.resolve(
        benchPrepareOnUse({ calls: quick ? 50_000 : 200_000, rounds: quick ? 6 : 40 }),
      ),
  },
  {
    name: 'outbox-count',
    run: () => benchOutboxCount({ queued: 10_000, calls: 200, rounds: quick ? 6 : 40 }),
  },
];

const wanted = process.argv.slice(2);
const selected = wanted.length
  ? [...benches, ...extra].filter((b) => wanted.includes(b.name))
  : benches;
const figures: Figure[] = [];
// Other jobs on the machine move every figure: the load average says how busy it was.
const loadAtStart = loadavg()[0] ?? 0;
for (const bench of selected) {
  console.log(`running ${bench.name}…`);
  const started = Date.now();
  figures.push(...(await bench.run()));
  console.log(`  ${bench.name} took ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
const markdown = toMarkdown(
  figures,
  `# Benchmark results\n\nMeasured ${new Date().toISOString()} on ${describeMachine()}; ` +
    `1-minute load average ${loadAtStart.toFixed(1)} at the start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end.`,
);
console.log('\n' + markdown);
// Profiles, causes and before/after of missed targets: written by hand from measured runs.
const findings = existsSync('bench/findings.md') ? readFileSync('bench/findings.md', 'utf8') : '';
if (wanted.length === 0) await writeResults('bench/results.md', `${markdown}\n${findings}`);
