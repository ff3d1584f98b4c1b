import { randomBytes } from 'node:crypto';
import { CompiledQuery, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepPrepared } from '../../../server/db/pg-prepared';
import { pipelinedTransaction } from '../../../server/db/pg-transaction';
import { PG_ADMIN_URL } from '../../fixtures/pg-database';
import { ENGINES } from '../../fixtures/server-harness';

describe.skipIf(!ENGINES.includes('postgres'))('pipelined transactions on PostgreSQL', () => {
  const schema = `shelf_tx_${randomBytes(6).toString('hex')}`;
  const table = `${schema}.notes`;
  let pool: pg.Pool;
  const rows = async () =>
    (await pool.query<{ id: number }>(`select id from ${table} order by id`)).rows.map((r) => r.id);
  const insert = (id: number) => sql.raw(`insert into ${table} (id) values (${id})`);

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: PG_ADMIN_URL, max: 1, pipeline: true });
    await pool.query(`create schema ${schema}`);
    await pool.query(`create table ${table} (id int primary key)`);
  });
  afterAll(async () => {
    await pool.query(`drop schema ${schema} cascade`);
    await pool.end();
  });

  it('commits with the last statement, all statements in one transaction', async () => {
    const txids = await pipelinedTransaction(pool, async (tx, finish) => {
      const first = await sql<{ t: string }>`select txid_current()::text as t`.execute(tx);
      await insert(1).execute(tx);
      const last = await finish(sql<{ t: string }>`select txid_current()::text as t`.compile(tx));
      return [first.rows[0]?.t, last.rows[0]?.t];
    });
    expect(txids[0]).toBeDefined();
    expect(txids[1]).toBe(txids[0]);
    expect(await rows()).toEqual([1]);
  });

  it('sends BEGIN with the first statement, and the last statement with COMMIT', async () => {
    const client = await pool.connect();
    const socket = client.connection.stream as unknown as {
      _writev?: (...args: unknown[]) => void;
      _write: (...args: unknown[]) => void;
    };
    const original = { writev: socket._writev, write: socket._write };
    let writes = 0;
    socket._write = function (this: unknown, ...args: unknown[]) {
      writes++;
      return original.write.apply(this, args);
    };
    if (original.writev) {
      socket._writev = function (this: unknown, ...args: unknown[]) {
        writes++;
        return original.writev?.apply(this, args);
      };
    }
    client.release();
    try {
      await pipelinedTransaction(pool, async (tx, finish) => {
        await insert(2).execute(tx);
        await finish(insert(3).compile(tx));
      });
      // begin + insert 2, then insert 3 + commit: two writes to the socket for four statements.
      expect(writes).toBe(2);
      expect(await rows()).toEqual([1, 2, 3]);
    } finally {
      socket._write = original.write;
      if (original.writev) socket._writev = original.writev;
    }
  });

  it('rolls everything back when the last statement fails', async () => {
    await expect(
      pipelinedTransaction(pool, async (tx, finish) => {
        await insert(10).execute(tx);
        await finish(insert(1).compile(tx)); // a duplicate key
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await rows()).toEqual([1, 2, 3]);
  });

  it('rolls back when the work throws, and refuses a statement after the end', async () => {
    await expect(
      pipelinedTransaction(pool, async (tx) => {
        await insert(20).execute(tx);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await expect(
      pipelinedTransaction(pool, async (tx, finish) => {
        await finish(insert(30).compile(tx));
        await insert(31).execute(tx); // would autocommit outside the transaction
      }),
    ).rejects.toThrow(/after its transaction had ended/);
    expect(await rows()).toEqual([1, 2, 3, 30]);
    // The connection is still usable after all that.
    await pipelinedTransaction(pool, async (tx) => insert(40).execute(tx));
    expect(await rows()).toEqual([1, 2, 3, 30, 40]);
  });

  it('keeps a statement issued after the end out of the next transaction', async () => {
    // The straggler goes once the next transaction holds the (only) connection. After a fixed
    // 30 ms it went inside the first one whenever PostgreSQL's answer to 1 / 0 took longer (a
    // loaded machine), and got "current transaction is aborted", which the message check, a
    // RegExp in toMatchObject (matched by any string), let through.
    let nextOpen = () => {};
    const opened = new Promise<void>((resolve) => (nextOpen = resolve));
    const late = new Promise<unknown>((resolve) => {
      void pipelinedTransaction(pool, async (tx) => {
        await Promise.all([
          sql`select 1 / 0`.execute(tx),
          (async () => {
            await opened;
            resolve(
              await insert(50)
                .execute(tx)
                .catch((error: unknown) => error),
            );
          })(),
        ]);
      }).catch(() => undefined);
    });
    await pipelinedTransaction(pool, async (tx) => {
      await sql`select 1`.execute(tx);
      nextOpen();
      // Still open when the straggler has its answer.
      await late;
      await insert(51).execute(tx);
    });
    expect(String(await late)).toMatch(/after its transaction had ended/);
    expect(await rows()).not.toContain(50);
    expect(await rows()).toContain(51);
  });

  it('reports a transaction PostgreSQL rolled back instead of committing it', async () => {
    await expect(
      pipelinedTransaction(pool, async (tx) => {
        await insert(60).execute(tx);
        await sql`select 1 / 0`.execute(tx).catch(() => undefined); // swallowed, tx aborted
      }),
    ).rejects.toThrow(/rolled back/);
    expect(await rows()).not.toContain(60);
  });

  it('survives the connection dying mid-transaction, and the pool goes on', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    try {
      await expect(
        pipelinedTransaction(pool, async (tx) => {
          const { rows: pid } = await sql<{ p: number }>`select pg_backend_pid() as p`.execute(tx);
          await admin.query('select pg_terminate_backend($1)', [pid[0]?.p]);
          await new Promise((r) => setTimeout(r, 100));
          await insert(70).execute(tx);
        }),
      ).rejects.toThrow();
      await pipelinedTransaction(pool, async (tx) => insert(71).execute(tx));
      expect(await rows()).toContain(71);
      expect(await rows()).not.toContain(70);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      await admin.end();
    }
  });

  it('is answered in two writes: BEGIN with the first statement, COMMIT with the last', async () => {
    // PostgreSQL flushes its answers at each Sync and each simple query, so the number of
    // ReadyForQuery messages is the number of writes it makes; it was four (one per statement).
    const client = await pool.connect();
    let answers = 0;
    const count = () => answers++;
    client.connection.on('readyForQuery', count);
    client.release();
    try {
      await pipelinedTransaction(pool, async (tx, finish) => {
        await sql`select ${80}::int as n`.execute(tx);
        await finish(insert(80).compile(tx));
      });
      expect(answers).toBe(2);
      expect(await rows()).toContain(80);
    } finally {
      client.connection.off('readyForQuery', count);
    }
  });

  it('rolls back when the first statement fails, and the connection goes on', async () => {
    await expect(
      pipelinedTransaction(pool, async (tx) => {
        await sql`select 1 / 0`.execute(tx);
      }),
    ).rejects.toMatchObject({ code: '22012' });
    await pipelinedTransaction(pool, async (tx, finish) => {
      await insert(81).execute(tx);
      await finish(sql`select 1`.compile(tx));
    });
    expect(await rows()).toContain(81);
  });

  it('answers a lone last statement as its own transaction', async () => {
    const written = await pipelinedTransaction(pool, (tx, finish) =>
      finish(
        sql<{ id: number }>`insert into ${sql.raw(table)} (id) values (${82}) returning id`.compile(
          tx,
        ),
      ),
    );
    expect(written.rows).toEqual([{ id: 82 }]);
    expect(await rows()).toContain(82);
  });

  it('prepares a named first statement again after its Parse failed', async () => {
    const late = `${schema}.late`;
    const text = `select id from ${late} where id = $1`;
    keepPrepared(text);
    const run = () =>
      pipelinedTransaction(
        pool,
        async (tx) => (await tx.executeQuery(CompiledQuery.raw(text, [1]))).rows,
      );
    await expect(run()).rejects.toMatchObject({ code: '42P01' }); // no such table yet
    await pool.query(`create table ${late} (id int primary key)`);
    await pool.query(`insert into ${late} values (1)`);
    expect(await run()).toEqual([{ id: 1 }]);
    expect(await run()).toEqual([{ id: 1 }]);
  });
});
