import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { SERVER_MIGRATIONS, migrateToLatest } from '../../../server/db/migrate';
import * as dropQuotes from '../../../server/db/migrations/0009-drop-quotes';
import { attemptReturn, buy, publishProduct, quoteReturn } from '../../fixtures/server-catalog';
import type { EngineName } from '../../fixtures/server-harness';
import { ENGINES, createPgDatabase, newUser, startTestServer } from '../../fixtures/server-harness';

/** The migrations of the version before 0009: the database a server upgrade starts from. */
const PREVIOUS = Object.fromEntries(
  Object.entries(SERVER_MIGRATIONS).filter(([name]) => name < '0009'),
);
const AT = '2026-01-01T00:00:00.000Z';

function connect(engine: EngineName, dataDir: string, databaseUrl: string | undefined) {
  return new Kysely<unknown>({
    dialect:
      engine === 'postgres'
        ? new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 1 }) })
        : new SqliteDialect({ database: new BetterSqlite3(join(dataDir, 'shelf.sqlite')) }),
  });
}

/** Whether `quotes` can be read (it exists), without leaving a failed transaction behind. */
async function hasQuotesTable(db: Kysely<unknown>): Promise<boolean> {
  const tables = await db.introspection.getTables();
  return tables.some((t) => t.name === 'quotes');
}

describe.each(ENGINES)('server migration 0009-drop-quotes on %s', (engine) => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('drops the quotes table of a database from the previous version, and the server upgraded on it quotes and returns', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'shelf-drop-quotes-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const database = engine === 'postgres' ? await createPgDatabase() : undefined;
    if (database) cleanups.push(() => database.drop());

    // The previous version's schema, with a quote row it wrote before quotes were signed.
    const before = connect(engine, dataDir, database?.url);
    await migrateToLatest(before, engine, PREVIOUS);
    await sql`INSERT INTO quotes (id, user_id, license_id, options_json, created_at, expires_at)
              VALUES ('q1', 'u1', 'l1', '[]', ${AT}, ${AT})`.execute(before);
    expect(await hasQuotesTable(before)).toBe(true);
    await before.destroy();

    const ts = await startTestServer(engine, {
      keep: { dataDir, databaseUrl: database?.url },
    });
    cleanups.push(() => ts.close());
    const user = await newUser(ts);
    const product = await publishProduct(ts);
    const { license } = await buy(ts, user, product.contentIds[0] ?? '');
    const quote = await quoteReturn(ts, user, license.licenseId);
    const done = await attemptReturn(ts, user, license.licenseId, { quoteId: quote.quoteId });
    expect(done.answer.status).toBe(201);

    const after = connect(engine, dataDir, database?.url);
    cleanups.push(() => after.destroy());
    expect(await hasQuotesTable(after)).toBe(false);
    const applied = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(after);
    expect(applied.rows.map((r) => r.name)).toContain('0009-drop-quotes');

    // Down gives the previous version its (empty) table back; up drops it again.
    await dropQuotes.down(after);
    expect(await hasQuotesTable(after)).toBe(true);
    await dropQuotes.up(after);
    expect(await hasQuotesTable(after)).toBe(false);
  });
});
