import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import type { Migration } from 'kysely';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import * as initial from '../../../server/db/migrations/0001-initial';
import * as returnsPaging from '../../../server/db/migrations/0002-returns-paging';
import * as tradeInKind from '../../../server/db/migrations/0003-trade-in-kind';
import { createPgDatabase } from '../../fixtures/pg-database';
import { ENGINES } from '../../fixtures/server-harness';

const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-returns-paging': returnsPaging,
  '0003-trade-in-kind': tradeInKind,
};

const AT = '2026-01-01T00:00:00.000Z';
const policyJson = (field: string) =>
  `{"windowDays":30,"buybackRatePct":50,"${field}":{"type":"upgrade","fallbackPointsRatePct":40}}`;
/** A title that says the old words inside a string value: left alone. */
const TITLE = 'The \\"collection\\": kind';
const receiptJson = (kind: string, field: string) =>
  `{"kind":"${kind}","title":"${TITLE}","privilege":{"type":"upgrade","license":{"content":{"returnPolicy":${policyJson(field)}}}}}`;

async function open(engine: string): Promise<{ db: Kysely<unknown>; close(): Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'shelf-migration-'));
    const db = new Kysely<unknown>({
      dialect: new SqliteDialect({ database: new BetterSqlite3(join(dir, 'server.db')) }),
    });
    return {
      db,
      close: async () => {
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const database = await createPgDatabase();
  const db = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 1 }) }),
  });
  return {
    db,
    close: async () => {
      await db.destroy();
      await database.drop();
    },
  };
}

async function seedLegacy(db: Kysely<unknown>): Promise<void> {
  const insert = (table: string, row: Record<string, unknown>) =>
    sql`INSERT INTO ${sql.table(table)} (${sql.join(Object.keys(row).map((k) => sql.ref(k)))})
        VALUES (${sql.join(Object.values(row))})`.execute(db);
  await insert('users', {
    id: 'u1',
    email: 'u1@example.test',
    password_hash: 'x',
    name: 'U',
    balance: 10,
    created_at: AT,
  });
  await insert('products', {
    id: 'p1',
    latest_version: 1,
    latest_content_id: 'c1',
    created_at: AT,
  });
  await insert('return_policies', {
    product_id: 'p1',
    window_days: 30,
    buyback_rate_pct: 50,
    collection_type: 'upgrade',
    collection_rate_pct: 40,
    limit_per_30_days: null,
    updated_at: AT,
  });
  await insert('returns', {
    id: 'r1',
    user_id: 'u1',
    device_id: 'd1',
    license_id: 'l1',
    content_id: 'c1',
    purchase_id: 'pu1',
    kind: 'collection',
    privilege_type: 'upgrade',
    points: 0,
    license_snapshot: '{}',
    receipt_json: receiptJson('collection', 'collection'),
    returned_at: AT,
  });
  await insert('ledger', {
    id: 'e1',
    user_id: 'u1',
    seq: 1,
    delta: 10,
    reason: 'collection',
    reference: 'r1',
    balance_after: 10,
    created_at: AT,
  });
  await insert('quotes', {
    id: 'q1',
    user_id: 'u1',
    license_id: 'l1',
    options_json: '[{"kind":"buyback"},{"kind":"collection"}]',
    created_at: AT,
    expires_at: AT,
  });
  await insert('events', {
    user_id: 'u1',
    seq: 1,
    type: 'license.returned',
    payload_json: `{"receipt":${receiptJson('collection', 'collection')}}`,
    created_at: AT,
  });
  for (const [id, delivered] of [
    ['w1', null],
    ['w2', AT],
  ] as const) {
    await insert('webhook_deliveries', {
      id,
      event_id: id,
      target_id: 't1',
      body: '{"data":{"kind":"collection"}}',
      next_attempt_at: AT,
      delivered_at: delivered,
      created_at: AT,
    });
  }
}

async function column<T>(db: Kysely<unknown>, query: ReturnType<typeof sql<T>>): Promise<T[]> {
  return (await query.execute(db)).rows;
}

describe.each(ENGINES)('server migration 0003-trade-in-kind on %s', (engine) => {
  const closers: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const close of closers) await close();
  });

  it('renames the policy columns and rewrites every stored kind, and back down', async () => {
    const { db, close } = await open(engine);
    closers.push(close);
    const migrator = new Migrator({
      db,
      provider: { getMigrations: () => Promise.resolve(migrations) },
    });
    expect((await migrator.migrateTo('0002-returns-paging')).error).toBeUndefined();
    await seedLegacy(db);

    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(
      await column(db, sql`SELECT trade_in_type, trade_in_rate_pct FROM return_policies`),
    ).toEqual([{ trade_in_type: 'upgrade', trade_in_rate_pct: 40 }]);
    const [ret] = await column<{ kind: string; receipt_json: string }>(
      db,
      sql`SELECT kind, receipt_json FROM returns`,
    );
    expect(ret?.kind).toBe('trade_in');
    expect(ret?.receipt_json).toBe(receiptJson('trade_in', 'tradeIn'));
    expect(JSON.parse(ret?.receipt_json ?? '')).toMatchObject({
      title: TITLE.replaceAll('\\', ''),
    });
    expect(await column(db, sql`SELECT reason FROM ledger`)).toEqual([{ reason: 'trade_in' }]);
    expect(await column(db, sql`SELECT options_json FROM quotes`)).toEqual([
      { options_json: '[{"kind":"buyback"},{"kind":"trade_in"}]' },
    ]);
    expect(await column(db, sql`SELECT payload_json FROM events`)).toEqual([
      { payload_json: `{"receipt":${receiptJson('trade_in', 'tradeIn')}}` },
    ]);
    // A pending delivery goes out in the new contract; a delivered one stays what was sent.
    expect(await column(db, sql`SELECT id, body FROM webhook_deliveries ORDER BY id`)).toEqual([
      { id: 'w1', body: '{"data":{"kind":"trade_in"}}' },
      { id: 'w2', body: '{"data":{"kind":"collection"}}' },
    ]);

    expect((await migrator.migrateTo('0002-returns-paging')).error).toBeUndefined();
    expect(
      await column(db, sql`SELECT collection_type, collection_rate_pct FROM return_policies`),
    ).toEqual([{ collection_type: 'upgrade', collection_rate_pct: 40 }]);
    expect(await column(db, sql`SELECT kind, receipt_json FROM returns`)).toEqual([
      { kind: 'collection', receipt_json: receiptJson('collection', 'collection') },
    ]);
    expect(await column(db, sql`SELECT reason FROM ledger`)).toEqual([{ reason: 'collection' }]);
  });
});
