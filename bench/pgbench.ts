import { execFileSync } from 'node:child_process';
import type { Figure } from './lib/results';
import { median } from './lib/stats';

/**
 * The ceiling for the PostgreSQL returns benchmark: pgbench's built-in tpcb-like transaction on
 * the same server, at the same client counts, in the same run.
 */
const DB = 'shelf_bench_pgbench';
const PG = ['-h', '127.0.0.1', '-p', '5432', '-U', 'postgres'];

function psql(sql: string): void {
  execFileSync('psql', [...PG, '-d', 'postgres', '-q', '-c', sql], { stdio: 'pipe' });
}

export function pgbenchTps(clients: number, seconds: number): number {
  const out = execFileSync(
    'pgbench',
    [...PG, '-c', String(clients), '-j', '2', '-T', String(seconds), '-n', DB],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const match = /tps = ([\d.]+)/.exec(out);
  if (!match?.[1]) throw new Error(`pgbench printed no tps:\n${out}`);
  return Number(match[1]);
}

export function withPgbenchDatabase<T>(fn: () => T): T {
  psql(`DROP DATABASE IF EXISTS ${DB}`);
  psql(`CREATE DATABASE ${DB}`);
  try {
    execFileSync('pgbench', [...PG, '-i', '-q', '-s', '10', DB], { stdio: 'pipe' });
    return fn();
  } finally {
    psql(`DROP DATABASE IF EXISTS ${DB}`);
  }
}

/** Median TPS of `runs` pgbench runs at each client count. */
export function measurePgbench(
  clientCounts: number[],
  runs: number,
  seconds: number,
): Map<number, number> {
  return withPgbenchDatabase(() => {
    const result = new Map<number, number>();
    for (const clients of clientCounts) {
      const samples = Array.from({ length: runs }, () => pgbenchTps(clients, seconds));
      result.set(clients, median(samples));
    }
    return result;
  });
}

export function pgbenchFigures(tps: Map<number, number>): Figure[] {
  return [...tps].map(([clients, value]) => ({
    group: 'PostgreSQL ceiling',
    name: `pgbench tpcb-like, ${clients} clients`,
    value,
    unit: 'TPS',
  }));
}
