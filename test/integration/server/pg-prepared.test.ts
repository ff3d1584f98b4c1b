import { sql } from 'kysely';
import pg from 'pg';
/** One connection that prepares kept statements and parses types as the server's pool does. */
const typedPool = () =>
  new pg.Pool({ connectionString: PG_ADMIN_URL, max: 1, Client: PreparingClient, types: pgTypes });

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgTypes } from '../../../server/db/pg-bigint';
import { keepPrepared, PreparingClient } from '../../../server/db/pg-prepared';
import { PG_ADMIN_URL } from '../../fixtures/pg-database';
import { buy, publishProduct, returnLicense } from '../../fixtures/server-catalog';
import { ENGINES, newUser, startTestServer } from '../../fixtures/server-harness';

const HOT = 'select $1::int + 1 as n';
const COLD = 'select $1::int + 2 as n';

describe.skipIf(!ENGINES.includes('postgres'))('prepared statements on PostgreSQL', () => {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: PG_ADMIN_URL, max: 1, Client: PreparingClient });
  });
  afterAll(() => pool.end());

  const prepared = async (client: pg.PoolClient) =>
    (
      await client.query<{ statement: string }>('select statement from pg_prepared_statements')
    ).rows.map((row) => row.statement);

  it('runs a registered text as a named statement and leaves the others unnamed', async () => {
    keepPrepared(HOT);
    const client = await pool.connect();
    try {
      expect((await client.query<{ n: number }>(HOT, [41])).rows).toEqual([{ n: 42 }]);
      expect((await client.query<{ n: number }>(HOT, [1])).rows).toEqual([{ n: 2 }]);
      expect((await client.query<{ n: number }>(COLD, [1])).rows).toEqual([{ n: 3 }]);
      expect(await prepared(client)).toEqual([HOT]);
      // Errors still reach the caller, and the connection stays usable.
      await expect(client.query(HOT, ['not a number'])).rejects.toMatchObject({ code: '22P02' });
      expect((await client.query<{ n: number }>(HOT, [2])).rows).toEqual([{ n: 3 }]);
    } finally {
      client.release();
    }
  });

  it("parses a named statement's rows the same on every run, each row its own object", async () => {
    const text = 'select $1::int8 as big, $1::text as t, null::int as nothing';
    keepPrepared(text);
    const typed = typedPool();
    try {
      // As Kysely runs it: on a checked-out client, without a callback.
      const run = async (on: pg.Pool, value: string) => {
        const client = await on.connect();
        try {
          return (await client.query(text, [value])).rows;
        } finally {
          client.release();
        }
      };
      // The pool's int8 parser (a number), then the default one (a string) on the plain pool:
      // parsers built for one client's types are not used for another's.
      const first = await run(typed, '7');
      const second = await run(typed, '8');
      expect(first).toEqual([{ big: 7, t: '7', nothing: null }]);
      expect(second).toEqual([{ big: 8, t: '8', nothing: null }]);
      expect(first[0]).not.toBe(second[0]);
      expect(await run(pool, '9')).toEqual([{ big: '9', t: '9', nothing: null }]);
      expect(await run(typed, '10')).toEqual([{ big: 10, t: '10', nothing: null }]);
    } finally {
      await typed.end();
    }
  });

  it('describes a named statement once per connection, and parses its rows the same without', async () => {
    const text = 'select $1::int8 as big, $1::text as t';
    keepPrepared(text);
    const typed = typedPool();
    try {
      const client = await typed.connect();
      try {
        const wire = (client as unknown as { connection: { describe(m: unknown): void } })
          .connection;
        let describes = 0;
        const describe = wire.describe.bind(wire);
        wire.describe = (message) => {
          describes += 1;
          describe(message);
        };
        const rows = [];
        for (const value of ['1', '2', '3']) rows.push((await client.query(text, [value])).rows);
        expect(rows).toEqual([[{ big: 1, t: '1' }], [{ big: 2, t: '2' }], [{ big: 3, t: '3' }]]);
        expect(describes).toBe(1);
        // An error in the statement still reaches the caller; the next run answers as before.
        await expect(client.query(text, ['x'])).rejects.toMatchObject({ code: '22P02' });
        expect((await client.query(text, ['4'])).rows).toEqual([{ big: 4, t: '4' }]);
        expect(describes).toBe(1);
      } finally {
        client.release();
      }
    } finally {
      await typed.end();
    }
  });

  it('refuses to keep a query that selects every column', () => {
    expect(() => keepPrepared('select * from "purchases" where "id" = $1')).toThrow(/name its/);
    expect(() => keepPrepared('select "p".* from "purchases" as "p"')).toThrow(/name its/);
    expect(() => keepPrepared('select count(*) as "n" from "purchases"')).not.toThrow();
  });
});

describe.skipIf(!ENGINES.includes('postgres'))("a return's statements on PostgreSQL", () => {
  it('are all named, the write statement of data-modifying CTEs included', async () => {
    // One connection, so the statements it keeps are the ones the return ran.
    const ts = await startTestServer('postgres', { poolSize: 1 });
    try {
      const product = await publishProduct(ts, { priceCents: 500 });
      const user = await newUser(ts);
      const { license } = await buy(ts, user, product.contentIds[0] ?? '', 0);
      await returnLicense(ts, user, license.licenseId);
      const kept = await sql<{
        statement: string;
      }>`select statement from pg_prepared_statements`.execute(ts.server.context.db);
      const texts = kept.rows.map((row) => row.statement);
      // The return ran without a lock first (docs/design.md §3.2): its unlocked read and the
      // one statement that locks, re-checks and writes.
      expect(
        texts.some((t) => t.startsWith('with lk as (') && t.includes('for update of l, u')),
      ).toBe(true);
      // The unlocked read (the quote's terms are in its signed id, not joined: §3.1).
      expect(texts.some((t) => t.includes('"user_event_seq"') && !t.includes('for update'))).toBe(
        true,
      );
      // Planned once: the generic plan, never a custom one per run.
      const mode = await sql<{
        plan_cache_mode: string;
      }>`show plan_cache_mode`.execute(ts.server.context.db);
      expect(mode.rows[0]?.plan_cache_mode).toBe('force_generic_plan');
    } finally {
      await ts.close();
    }
  });
});
