import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Figure } from './lib/results';
import { createPgDatabase } from '../test/fixtures/pg-database';
import type { LoadResult } from './lib/return-load';
import { runReturnLoad } from './lib/return-load';
import type { ServerProcess } from '../test/fixtures/server-process';
import { spawnServer } from '../test/fixtures/server-process';
import type { CpuShare } from './lib/cpu-usage';
import { cpuShare, cpuSnapshot } from './lib/cpu-usage';
import type { SeededLicense } from '../test/fixtures/server-seed';
import { seedServerData } from '../test/fixtures/server-seed';
import { median, percentile } from './lib/stats';
import { measurePgbench } from './pgbench';

/**
 * Benchmarks 1 and 2 of issue 7: quote + return through HTTP on 127.0.0.1 against real server
 * processes (server/bin/server.ts under tsx), on PostgreSQL (1 and 2 processes, beside pgbench)
 * and on SQLite. The load clients run in this process, on the same 2 cores as the servers and
 * the database: the figures are for the whole machine, not for the server alone.
 */
interface Summary {
  returnsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  statuses: string;
}

function summarise(results: LoadResult[]): Summary {
  const statuses = new Map<number, number>();
  for (const r of results)
    for (const [s, n] of r.statuses) statuses.set(s, (statuses.get(s) ?? 0) + n);
  return {
    returnsPerSecond: median(results.map((r) => (r.returned / r.elapsedMs) * 1000)),
    p50: median(results.map((r) => percentile(r.latencies, 50))),
    p99: median(results.map((r) => percentile(r.latencies, 99))),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    statuses: [...statuses].map(([s, n]) => `${s}×${n}`).join(' '),
  };
}

/**
 * Where the CPU went (medians over the runs): whether the machine had a core to spare for a
 * second server process, and what one quote + return costs in CPU, by process.
 */
function cpuFigures(group: string, label: string, shares: CpuShare[]): Figure[] {
  if (shares.length === 0) return [];
  const pick = (f: (s: CpuShare) => number) => median(shares.map(f));
  const ms = (v: number) => v.toFixed(2);
  return [
    {
      group,
      name: `machine CPU busy, ${label}`,
      value: pick((s) => s.busyShare * 100),
      unit: '%',
      note: `steal ${pick((s) => s.stealShare * 100).toFixed(0)}%`,
    },
    {
      group,
      name: `CPU per quote + return, ${label}`,
      value: pick((s) => s.perOperation.total),
      unit: 'ms',
      note:
        `server ${ms(pick((s) => s.perOperation.servers))}, load generator ` +
        `${ms(pick((s) => s.perOperation.loadGenerator))}, PostgreSQL and the rest ` +
        `${ms(pick((s) => s.perOperation.rest))}; every core busy at this cost: ` +
        `${pick((s) => s.ceilingPerSecond).toFixed(0)} /s`,
    },
  ];
}

/** Takes the next `n` items off the front of the queue. */
function take(queue: SeededLicense[], n: number): SeededLicense[] {
  if (queue.length < n) throw new Error(`seeded too few licenses (${queue.length} < ${n})`);
  return queue.splice(0, n);
}

export interface PgReturnsOptions {
  runs: number;
  returnsPerRun: number;
  clientCounts: number[];
  pgbenchRuns: number;
  pgbenchSeconds: number;
}

export async function benchPostgresReturns(options: PgReturnsOptions): Promise<Figure[]> {
  const database = await createPgDatabase('shelf_bench_returns');
  const dataDir = mkdtempSync(join(tmpdir(), 'shelf-bench-pg-'));
  const servers: ServerProcess[] = [];
  try {
    const configs = options.clientCounts.flatMap((clients) =>
      [1, 2].map((procs) => ({ clients, procs })),
    );
    const needed = (options.runs + 1) * options.returnsPerRun * configs.length;
    const users = 64;
    const seed = await seedServerData(
      { dataDir, databaseUrl: database.url, sqlitePath: join(dataDir, 'unused.sqlite') },
      { users, contents: Math.ceil(needed / users) + 1 },
    );
    const queue = [...seed.licenses];
    const env = { DATABASE_URL: database.url, SHELF_DATA_DIR: dataDir, LOG_LEVEL: 'error' };
    // One after the other: the first start runs the demo seed, the second finds it done.
    servers.push(await spawnServer(env));
    servers.push(await spawnServer(env));
    const urls = servers.map((s) => s.url);

    const pgbench = measurePgbench(
      options.clientCounts,
      options.pgbenchRuns,
      options.pgbenchSeconds,
    );

    // Interleaved (run-major), so noise from the other engineers' jobs spreads over every config.
    const results = new Map<string, LoadResult[]>();
    const cpu = new Map<string, CpuShare[]>();
    for (let run = -1; run < options.runs; run++) {
      for (const { clients, procs } of configs) {
        const pids = servers.slice(0, procs).flatMap((s) => (s.child.pid ? [s.child.pid] : []));
        const before = cpuSnapshot(pids);
        const result = await runReturnLoad({
          urls: urls.slice(0, procs),
          clients,
          items: take(queue, options.returnsPerRun),
        });
        const after = cpuSnapshot(pids);
        if (run < 0) continue; // warm-up: JIT, connection pools, statement caches
        const key = `${clients}/${procs}`;
        results.set(key, [...(results.get(key) ?? []), result]);
        const share = before && after && cpuShare(before, after, result.returned + result.errors);
        if (share) cpu.set(key, [...(cpu.get(key) ?? []), share]);
      }
    }

    const figures: Figure[] = [];
    const group = 'Returns on PostgreSQL';
    for (const clients of options.clientCounts) {
      const tps = pgbench.get(clients) ?? Number.NaN;
      figures.push({
        group,
        name: `pgbench tpcb-like TPS, ${clients} clients`,
        value: tps,
        unit: 'TPS',
      });
      const by: Record<number, Summary> = {};
      for (const procs of [1, 2]) {
        const s = summarise(results.get(`${clients}/${procs}`) ?? []);
        by[procs] = s;
        const label = `${procs} process${procs > 1 ? 'es' : ''}, ${clients} clients`;
        figures.push(
          {
            group,
            name: `returns/s (quote + return), ${label}`,
            value: s.returnsPerSecond,
            unit: '/s',
          },
          { group, name: `p50 latency, ${label}`, value: s.p50, unit: 'ms' },
          { group, name: `p99 latency, ${label}`, value: s.p99, unit: 'ms' },
          {
            group,
            name: `errors, ${label}`,
            value: s.errors,
            unit: '',
            target: '0',
            met: s.errors === 0,
            note: s.statuses,
          },
          ...cpuFigures(group, label, cpu.get(`${clients}/${procs}`) ?? []),
          {
            group,
            name: `returns/s ÷ pgbench TPS, ${label}`,
            value: s.returnsPerSecond / tps,
            unit: '×',
            target: '≥ 0.5',
            met: s.returnsPerSecond / tps >= 0.5,
          },
        );
      }
      const scale = (by[2]?.returnsPerSecond ?? 0) / (by[1]?.returnsPerSecond ?? 1);
      figures.push({
        group,
        name: `2 processes ÷ 1 process, ${clients} clients`,
        value: scale,
        unit: '×',
        target: '≥ 1.6',
        met: scale >= 1.6,
      });
    }
    return figures;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export interface SqliteReturnsOptions {
  runs: number;
  returnsPerRun: number;
  clients: number;
}

export async function benchSqliteReturns(options: SqliteReturnsOptions): Promise<Figure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'shelf-bench-sqlite-'));
  let server: ServerProcess | undefined;
  try {
    const modes = [
      { quote: false, label: 'return only' },
      { quote: true, label: 'quote + return' },
    ];
    const needed = (options.runs + 1) * options.returnsPerRun * modes.length;
    const users = 64;
    const seed = await seedServerData(
      { dataDir, sqlitePath: join(dataDir, 'shelf.sqlite') },
      { users, contents: Math.ceil(needed / users) + 1 },
    );
    const queue = [...seed.licenses];
    server = await spawnServer({ SHELF_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'error' });
    const results = new Map<string, LoadResult[]>();
    for (let run = -1; run < options.runs; run++) {
      for (const mode of modes) {
        const result = await runReturnLoad({
          urls: [server.url],
          clients: options.clients,
          items: take(queue, options.returnsPerRun),
          quote: mode.quote,
        });
        if (run >= 0) results.set(mode.label, [...(results.get(mode.label) ?? []), result]);
      }
    }
    const group = 'Returns on SQLite';
    return modes.flatMap((mode) => {
      const s = summarise(results.get(mode.label) ?? []);
      const label = `${mode.label}, 1 process, ${options.clients} clients`;
      return [
        {
          group,
          name: `returns/s (${label})`,
          value: s.returnsPerSecond,
          unit: '/s',
          ...(mode.quote ? {} : { target: '≥ 1500', met: s.returnsPerSecond >= 1500 }),
        },
        { group, name: `p50 latency (${label})`, value: s.p50, unit: 'ms' },
        { group, name: `p99 latency (${label})`, value: s.p99, unit: 'ms' },
        {
          group,
          name: `errors (${label})`,
          value: s.errors,
          unit: '',
          target: '0',
          met: s.errors === 0,
          note: s.statuses,
        },
      ];
    });
  } finally {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
