import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import type { Figure } from './lib/results';
import { childrenCpuMs, PgCpuMeter } from './lib/pg-cpu';
import { median } from './lib/stats';

/**
 * The anchor for the PostgreSQL returns benchmark: pgbench's built-in tpcb-like transaction on
 * the same server, at the same client counts, in the same run, with what one transaction costs
 * in CPU (pgbench itself + PostgreSQL), measured the same way as a return.
 */
const DB = 'shelf_bench_pgbench';
const PG = ['-h', '127.0.0.1', '-p', '5432', '-U', 'postgres'];
const run = promisify(execFile);

function psql(sql: string): void {
  execFileSync('psql', [...PG, '-d', 'postgres', '-q', '-c', sql], { stdio: 'pipe' });
}

export interface PgbenchRun {
  tps: number;
  /** CPU ms per transaction: all = pgbench (the load generator) + PostgreSQL. */
  cpuPerTransaction: { total: number; loadGenerator: number; postgres: number };
}

export async function pgbenchRun(clients: number, seconds: number): Promise<PgbenchRun> {
  // Every pgbench backend exits when pgbench does, losing its time since the meter's last
  // sample (1–4 % of PostgreSQL's at 100 ms against 10 ms); a return run's backends are the
  // servers' pools, which stay. Sampling costs this process, not pgbench, so a shorter
  // interval here is not counted in pgbench's figure.
  const meter = new PgCpuMeter(DB, 20);
  const childrenBefore = childrenCpuMs();
  meter.start();
  const { stdout } = await run(
    'pgbench',
    [...PG, '-c', String(clients), '-j', '2', '-T', String(seconds), '-n', DB],
    { encoding: 'utf8' },
  );
  const postgres = meter.stop();
  const loadGenerator = childrenCpuMs() - childrenBefore;
  const tps = /tps = ([\d.]+)/.exec(stdout)?.[1];
  const done = /number of transactions actually processed: (\d+)/.exec(stdout)?.[1];
  if (!tps || !done) throw new Error(`pgbench printed no tps:\n${stdout}`);
  const n = Number(done);
  return {
    tps: Number(tps),
    cpuPerTransaction: {
      total: (loadGenerator + postgres) / n,
      loadGenerator: loadGenerator / n,
      postgres: postgres / n,
    },
  };
}

export async function withPgbenchDatabase<T>(fn: () => Promise<T>): Promise<T> {
  psql(`DROP DATABASE IF EXISTS ${DB}`);
  psql(`CREATE DATABASE ${DB}`);
  try {
    execFileSync('pgbench', [...PG, '-i', '-q', '-s', '10', DB], { stdio: 'pipe' });
    return await fn();
  } finally {
    psql(`DROP DATABASE IF EXISTS ${DB}`);
  }
}

/** Medians of `runs` pgbench runs at each client count (each figure's own median). */
export async function measurePgbench(
  clientCounts: number[],
  runs: number,
  seconds: number,
): Promise<Map<number, PgbenchRun>> {
  return withPgbenchDatabase(async () => {
    const result = new Map<number, PgbenchRun>();
    for (const clients of clientCounts) {
      const samples: PgbenchRun[] = [];
      for (let i = 0; i < runs; i++) samples.push(await pgbenchRun(clients, seconds));
      const pick = (f: (r: PgbenchRun) => number) => median(samples.map(f));
      result.set(clients, {
        tps: pick((r) => r.tps),
        cpuPerTransaction: {
          total: pick((r) => r.cpuPerTransaction.total),
          loadGenerator: pick((r) => r.cpuPerTransaction.loadGenerator),
          postgres: pick((r) => r.cpuPerTransaction.postgres),
        },
      });
    }
    return result;
  });
}

export function pgbenchFigures(runs: Map<number, PgbenchRun>): Figure[] {
  return [...runs].flatMap(([clients, r]) => [
    {
      group: 'PostgreSQL ceiling',
      name: `pgbench tpcb-like, ${clients} clients`,
      value: r.tps,
      unit: 'TPS',
    },
    {
      group: 'PostgreSQL ceiling',
      name: `pgbench CPU per transaction, ${clients} clients`,
      value: r.cpuPerTransaction.total,
      unit: 'ms',
      note: cpuNote(r),
    },
  ]);
}

export function cpuNote(r: PgbenchRun): string {
  return (
    `pgbench ${r.cpuPerTransaction.loadGenerator.toFixed(3)}, ` +
    `PostgreSQL ${r.cpuPerTransaction.postgres.toFixed(3)}`
  );
}
