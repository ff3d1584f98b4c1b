import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAgent } from '../fixtures/http-client';
import type { PgDatabase } from '../fixtures/pg-database';
import { createPgDatabase } from '../fixtures/pg-database';
import type { ServerProcess } from '../fixtures/server-process';
import { spawnServer } from '../fixtures/server-process';
import type { ReturnLoadSeed } from '../fixtures/server-seed';
import { seedServerData } from '../fixtures/server-seed';
import { ENGINES } from '../fixtures/server-harness';
import type { ReturnOp } from '../fixtures/reliability';
import {
  halfDone,
  licenseStates,
  scale,
  sendBuyback,
  shuffled,
  walletProblems,
} from '../fixtures/reliability';

/**
 * The database drops the server's connections while returns are in flight (a PostgreSQL restart
 * or failover does this): the server process must stay up, answer what it could not finish
 * with a problem the app retries (503), leave no half-done return, and finish each return
 * exactly once when the app retries with the same return id.
 */
interface Op extends ReturnOp {
  code?: unknown;
}

describe.runIf(ENGINES.includes('postgres'))('database connections cut under load', () => {
  let database: PgDatabase;
  let dataDir: string;
  let server: ServerProcess;
  let seed: ReturnLoadSeed;

  beforeAll(async () => {
    database = await createPgDatabase('shelf_rel_dbcut');
    dataDir = mkdtempSync(join(tmpdir(), 'shelf-rel-dbcut-'));
    seed = await seedServerData(
      { dataDir, databaseUrl: database.url, sqlitePath: join(dataDir, 'unused.sqlite') },
      { users: 16, contents: scale(16, 64) },
    );
    server = await spawnServer({ DATABASE_URL: database.url, SHELF_DATA_DIR: dataDir });
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the server up, answers 503, and the retries complete each return once', async () => {
    const ops: Op[] = shuffled(seed.licenses, 7).map((item) => ({ item, returnId: randomUUID() }));
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      let next = 0;
      let loadDone = false;
      const load = Promise.all(
        Array.from({ length: 16 }, async () => {
          const agent = clientAgent();
          try {
            for (let op = ops[next++]; op; op = ops[next++]) {
              const answer = await sendBuyback(server.url, agent, op);
              op.status = answer.status;
              op.code = (answer.json as { code?: unknown } | null)?.code;
            }
          } finally {
            agent.destroy();
          }
        }),
      ).finally(() => {
        loadDone = true;
      });
      // Cut every connection of the server a bounded number of times while the load runs.
      let terminated = 0;
      for (let cut = 0; cut < scale(6, 20) && !loadDone; cut++) {
        await new Promise((resolve) => setTimeout(resolve, 40));
        const { rows } = await admin.query<{ n: string }>(
          `SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid()`,
        );
        terminated += Number(rows[0]?.n ?? 0);
      }
      await load;

      expect(terminated).toBeGreaterThan(0);
      expect(server.child.exitCode).toBeNull();
      const refused = ops.filter((op) => op.status !== 201);
      // Every request was answered (no reset connection: the process never went down), and
      // what failed failed as "try again later", never as a fault of the request.
      expect(
        refused.filter((op) => op.status !== 503 || op.code !== 'SERVICE_UNAVAILABLE'),
      ).toEqual([]);
      // Right after, before any retry: every license is whole, one way or the other.
      const licenseIds = ops.map((op) => op.item.licenseId);
      expect(halfDone(await licenseStates(admin, licenseIds))).toEqual([]);

      const agent = clientAgent();
      const retried = new Set<number>();
      for (const op of refused) retried.add((await sendBuyback(server.url, agent, op)).status);
      agent.destroy();
      // 201: it had not committed; 200: it had, and the receipt is replayed.
      expect([...retried].filter((status) => status !== 200 && status !== 201)).toEqual([]);
      const states = await licenseStates(admin, licenseIds);
      expect(halfDone(states)).toEqual([]);
      expect([...states.values()].filter((s) => s.licenseRow || s.returnIds.length !== 1)).toEqual(
        [],
      );
      expect(
        await walletProblems(
          admin,
          seed.users.map((u) => u.id),
        ),
      ).toEqual([]);
    } finally {
      await admin.end();
    }
  });
});
