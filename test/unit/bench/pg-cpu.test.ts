import { describe, expect, it } from 'vitest';
import { countsFor, PgCpuMeter } from '../../../bench/lib/pg-cpu';

describe("PostgreSQL's CPU for one database", () => {
  it("counts that database's backends and workers and the cluster's own processes only", () => {
    const db = 'shelf_bench_returns_ab12';
    expect(countsFor(`postgres: 15/main: postgres ${db} 127.0.0.1(51234) idle`, db)).toBe(true);
    expect(countsFor(`postgres: 15/main: autovacuum worker ${db}`, db)).toBe(true);
    expect(countsFor('postgres: 15/main: walwriter', db)).toBe(true);
    expect(countsFor('postgres: 15/main: checkpointer', db)).toBe(true);
    expect(countsFor('postgres: 15/main: postgres shelf_test_x 127.0.0.1(5) idle', db)).toBe(false);
    expect(countsFor('postgres: 15/main: autovacuum worker shelf_test_x', db)).toBe(false);
  });

  it('measures a non-negative time on Linux, and what its own sampling cost', () => {
    const meter = new PgCpuMeter('no_such_database');
    meter.start();
    expect(meter.stop()).toBeGreaterThanOrEqual(0);
    // Two walks of /proc, read on this thread's clock (microseconds): never free.
    expect(meter.ownCpuMs).toBeGreaterThan(0);
  });
});
