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
 * The crash: a server process is SIGKILLed while returns are in flight on it. Whatever it had
 * not committed must have left nothing behind (PostgreSQL rolls the transaction back), whatever
 * it had committed must be whole. The clients then retry their unanswered returns with the same
 * return ids on the restarted process: each gets its receipt exactly once.
 */
describe.runIf(ENGINES.includes('postgres'))(
  'a server process killed in the middle of load',
  () => {
    let database: PgDatabase;
    let dataDir: string;
    const servers: ServerProcess[] = [];
    let seed: ReturnLoadSeed;
    const env = () => ({ DATABASE_URL: database.url, SHELF_DATA_DIR: dataDir });

    beforeAll(async () => {
      database = await createPgDatabase('shelf_rel_crash');
      dataDir = mkdtempSync(join(tmpdir(), 'shelf-rel-crash-'));
      seed = await seedServerData(
        { dataDir, databaseUrl: database.url, sqlitePath: join(dataDir, 'unused.sqlite') },
        { users: scale(16, 64), contents: scale(24, 60) },
      );
      servers.push(await spawnServer(env()));
      servers.push(await spawnServer(env()));
    });

    afterAll(async () => {
      await Promise.all(servers.map((s) => s.stop()));
      await database?.drop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it('leaves no half-done return, and the retries after a restart complete each return once', async () => {
      const all: ReturnOp[] = shuffled(seed.licenses, 3).map((item) => ({
        item,
        returnId: randomUUID(),
      }));
      const rounds = scale(1, 3);
      const size = Math.ceil(all.length / rounds);
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        for (let round = 0; round < rounds; round++) {
          const ops = all.slice(round * size, (round + 1) * size);
          const done = all.slice(0, (round + 1) * size);
          await killRound(ops);
          // After the retries: every license of the finished rounds returned exactly once,
          // with the return id its client chose.
          const states = await licenseStates(
            client,
            done.map((op) => op.item.licenseId),
          );
          expect(halfDone(states)).toEqual([]);
          expect([...states.values()].filter((s) => s.licenseRow).map((s) => s.licenseId)).toEqual(
            [],
          );
          const returnIds = new Map(done.map((op) => [op.item.licenseId, op.returnId]));
          expect(
            [...states.values()].filter((s) => s.returnIds[0] !== returnIds.get(s.licenseId)),
          ).toEqual([]);
          expect(
            await walletProblems(
              client,
              seed.users.map((u) => u.id),
            ),
          ).toEqual([]);
        }
      } finally {
        await client.end();
      }

      /** Load on both processes, SIGKILL one mid-way, check, restart it, retry what was cut off. */
      async function killRound(ops: ReturnOp[]): Promise<void> {
        const [victim, survivor] = servers as [ServerProcess, ServerProcess];
        let next = 0;
        let answered = 0;
        const kill: { done?: Promise<unknown> } = {};
        // SIGKILL once a third of the returns are answered: the victim has requests in flight.
        const killAt = Math.floor(ops.length / 3);
        await Promise.all(
          Array.from({ length: 32 }, async (_, index) => {
            const agent = clientAgent();
            const base = (index % 2 === 0 ? victim : survivor).url;
            try {
              for (let op = ops[next++]; op; op = ops[next++]) {
                op.status = (await sendBuyback(base, agent, op)).status;
                if (++answered === killAt) kill.done = victim.kill();
              }
            } finally {
              agent.destroy();
            }
          }),
        );
        expect(kill.done).toBeDefined();
        expect(await kill.done).toBe('SIGKILL');
        const lost = ops.filter((op) => op.status === 0);
        // The kill must actually have cut requests off, or this round proves nothing.
        expect(lost.length).toBeGreaterThan(0);
        expect(ops.filter((op) => op.status !== 0 && op.status !== 201)).toEqual([]);
        // Right after the crash, before anyone retries: every license is whole, one way or the
        // other (PostgreSQL rolled back what the killed process had not committed).
        expect(
          halfDone(
            await licenseStates(
              client,
              ops.map((op) => op.item.licenseId),
            ),
          ),
        ).toEqual([]);
        expect(
          await walletProblems(
            client,
            seed.users.map((u) => u.id),
          ),
        ).toEqual([]);

        const restarted = await spawnServer(env());
        servers[0] = restarted;
        const agent = clientAgent();
        const retried = new Set<number>();
        for (const op of lost) retried.add((await sendBuyback(restarted.url, agent, op)).status);
        agent.destroy();
        // 201: the killed process had not committed it; 200: it had (the receipt, replayed).
        expect([...retried].filter((s) => s !== 200 && s !== 201)).toEqual([]);
      }
    });
  },
);
