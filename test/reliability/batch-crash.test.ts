import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchReturnResponse } from '../../shared/api/returns';
import { batchReturnResponseSchema } from '../../shared/api/returns';
import { MAX_GROUP } from '../../server/db/sqlite-group-commit';
import { clientAgent, send } from '../fixtures/http-client';
import type { PgDatabase } from '../fixtures/pg-database';
import { createPgDatabase } from '../fixtures/pg-database';
import type { LicenseState, ReturnOp } from '../fixtures/reliability';
import {
  halfDone,
  licenseStates,
  scale,
  sqliteLicenseStates,
  sqliteWalletProblems,
  walletProblems,
} from '../fixtures/reliability';
import type { EngineName } from '../fixtures/server-harness';
import { ENGINES } from '../fixtures/server-harness';
import type { ServerProcess } from '../fixtures/server-process';
import { spawnServer } from '../fixtures/server-process';
import type { ReturnLoadSeed } from '../fixtures/server-seed';
import { seedServerData } from '../fixtures/server-seed';

/** Returns per batch request: small, so that there are more batches than a group commit holds. */
const BATCH = 10;

/** What the test reads straight from the server's database, on either engine. */
interface Inspector {
  returnCount(): Promise<number>;
  states(licenseIds: readonly string[]): Promise<Map<string, LicenseState>>;
  walletProblems(userIds: readonly string[]): Promise<string[]>;
  /** Resolves once the killed server's work is over: what the database holds is final. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

async function inspect(engine: EngineName, target: { url?: string; path: string }) {
  if (engine === 'postgres') {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    return {
      returnCount: async () =>
        Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM returns')).rows[0]?.n),
      states: (ids) => licenseStates(client, ids),
      walletProblems: (ids) => walletProblems(client, ids),
      // A SIGKILLed server's backends run to the end what they had already received (a pipelined
      // BEGIN … COMMIT), then notice the closed socket: until they are gone, returns may still commit.
      settled: async () => {
        for (let tries = 0; tries < 200; tries++) {
          const others = await client.query<{ n: string }>(
            `SELECT count(*) AS n FROM pg_stat_activity
              WHERE datname = current_database() AND pid <> pg_backend_pid()
                AND backend_type = 'client backend'`,
          );
          if (Number(others.rows[0]?.n) === 0) return;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        throw new Error("the killed server's database sessions did not end within 10 s");
      },
      close: () => client.end(),
    } satisfies Inspector;
  }
  const db = new BetterSqlite3(target.path, { readonly: true });
  return {
    returnCount: () =>
      Promise.resolve(db.prepare<[], number>('SELECT count(*) FROM returns').pluck().get() ?? 0),
    states: (ids) => Promise.resolve(sqliteLicenseStates(db, ids)),
    walletProblems: (ids) => Promise.resolve(sqliteWalletProblems(db, ids)),
    // The killed process was the only writer: its file is final once it is dead.
    settled: () => Promise.resolve(),
    close: () => Promise.resolve(void db.close()),
  } satisfies Inspector;
}

/**
 * A server process SIGKILLed in the middle of batches (POST /v1/returns/batch): each return of
 * a batch is its own transaction (PostgreSQL) or its own savepoint of the batch's one transaction
 * (SQLite, docs/design.md §3.5), so the kill must leave every item either fully done (its
 * commit happened) or not at all, never a half-done one; sending the same batches again to the
 * restarted process then answers the done ones with their receipts (200) and does the others
 * (201), each exactly once.
 */
describe.each(ENGINES)('a server process killed in the middle of a batch, on %s', (engine) => {
  let database: PgDatabase | undefined;
  let dataDir: string;
  let server: ServerProcess | undefined;
  let seed: ReturnLoadSeed;
  const sqlitePath = () => join(dataDir, 'shelf.sqlite');
  const env = () => ({ DATABASE_URL: database?.url ?? '', SHELF_DATA_DIR: dataDir });

  beforeAll(async () => {
    if (engine === 'postgres') database = await createPgDatabase('shelf_rel_batch_crash');
    dataDir = mkdtempSync(join(tmpdir(), 'shelf-rel-batch-crash-'));
    seed = await seedServerData(
      { dataDir, databaseUrl: database?.url, sqlitePath: sqlitePath() },
      { users: scale(4, 8), contents: scale(400, 500) },
    );
    server = await spawnServer(env());
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function sendBatch(base: string, ops: ReturnOp[]) {
    const first = ops[0];
    if (!first) throw new Error('empty batch');
    const agent = clientAgent();
    try {
      return await send(agent, base, 'POST', '/v1/returns/batch', {
        token: first.item.user.token,
        body: {
          returns: ops.map((op) => ({
            returnId: op.returnId,
            licenseId: op.item.licenseId,
            kind: 'buyback',
            deviceId: op.item.user.deviceId,
          })),
        },
        timeoutMs: 60_000,
      });
    } finally {
      agent.destroy();
    }
  }

  it('leaves every item whole, and the same batches again complete each return exactly once', async () => {
    // Each user's returns in batches of BATCH, all batches at once. More batches than a SQLite
    // group commit holds (MAX_GROUP): each batch is one transaction, and transactions that wait
    // together share one COMMIT, so with a few large batches every return could commit at once
    // and no kill could land between two commits.
    const batches = seed.users.flatMap((user) => {
      const ops = seed.licenses
        .filter((l) => l.user.id === user.id)
        .map((item): ReturnOp => ({ item, returnId: randomUUID() }));
      return Array.from({ length: Math.ceil(ops.length / BATCH) }, (_, i) =>
        ops.slice(i * BATCH, (i + 1) * BATCH),
      );
    });
    expect(batches.length).toBeGreaterThan(MAX_GROUP);
    const all = batches.flat();
    const licenseIds = all.map((op) => op.item.licenseId);
    const userIds = seed.users.map((u) => u.id);
    const db = await inspect(engine, { url: database?.url, path: sqlitePath() });
    try {
      const running = server!;
      const answers = batches.map((ops) => sendBatch(running.url, ops));
      // SIGKILL once some returns of the batches are committed, while the rest are still going.
      const threshold = Math.floor(all.length / 4);
      while ((await db.returnCount()) < threshold) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(await running.kill()).toBe('SIGKILL');
      const statuses = (await Promise.all(answers)).map((a) => a.status);
      await db.settled();
      // The batches were cut off: no answer reached their clients, but for a batch that had
      // finished whole before the kill (SQLite takes one writer at a time, so a whole batch may
      // go through first), whose answer is then complete.
      expect(statuses.every((status) => status === 0 || status === 200)).toBe(true);
      expect(statuses).toContain(0);

      const states = await db.states(licenseIds);
      expect(halfDone(states)).toEqual([]);
      expect(await db.walletProblems(userIds)).toEqual([]);
      const committed = [...states.values()].filter((s) => !s.licenseRow).length;
      // Mid-batch for real: some items done, some not.
      expect(committed).toBeGreaterThanOrEqual(threshold);
      expect(committed).toBeLessThan(all.length);

      server = await spawnServer(env());
      const again = await Promise.all(batches.map((ops) => sendBatch(server!.url, ops)));
      expect(again.map((a) => a.status)).toEqual(batches.map(() => 200));
      const results = again.flatMap(
        (a) => (batchReturnResponseSchema.parse(a.json) as BatchReturnResponse).results,
      );
      expect(results.map((r) => r.returnId)).toEqual(all.map((op) => op.returnId));
      const replayed = results.filter((r) => r.status === 200).length;
      const created = results.filter((r) => r.status === 201).length;
      // The committed ones answer their receipts, the others are done now; nothing else.
      expect([replayed, created]).toEqual([committed, all.length - committed]);

      const after = await db.states(licenseIds);
      expect(halfDone(after)).toEqual([]);
      const byLicense = new Map(all.map((op) => [op.item.licenseId, op.returnId]));
      expect(
        [...after.values()].filter(
          (s) => s.licenseRow || s.returnIds[0] !== byLicense.get(s.licenseId),
        ),
      ).toEqual([]);
      expect(await db.walletProblems(userIds)).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
