import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../server/db/database';
import { EVENT_COLUMN_TYPES } from '../../../server/db/events';
import { ENGINES, createPgDatabase } from '../../fixtures/server-harness';
import type { PgDatabase } from '../../fixtures/pg-database';

/**
 * EVENT_COLUMN_TYPES names the `events` table's column types beside the migrations (a `values`
 * list in FROM casts each value to them, cte.ts). A column added to the table fails to compile
 * until it is typed there; a wrong type would not, so it is read here against the migrated table.
 */

/** Each column of `table` with its type as PostgreSQL spells it (`format_type`). */
async function pgColumns(db: Kysely<unknown>, table: string): Promise<Record<string, string>> {
  const found = await sql<{ column: string; type: string }>`
    select a.attname as column, format_type(a.atttypid, a.atttypmod) as type
      from pg_attribute a
     where a.attrelid = ${table}::regclass and a.attnum > 0 and not a.attisdropped`.execute(db);
  return Object.fromEntries(found.rows.map((r) => [r.column, r.type]));
}

/** PostgreSQL's own spelling of each declared type (`int4` and `integer` are one type). */
async function pgSpelled(
  db: Kysely<unknown>,
  types: Readonly<Record<string, string>>,
): Promise<Record<string, string>> {
  const spelled: Record<string, string> = {};
  for (const [column, type] of Object.entries(types)) {
    const found = await sql<{ type: string | null }>`
      select format_type(to_regtype(${type}), null) as type`.execute(db);
    spelled[column] = found.rows[0]?.type ?? `unknown type ${type}`;
  }
  return spelled;
}

/** Each column of `table` with its declared type on SQLite, lower case. */
async function sqliteColumns(db: Kysely<unknown>, table: string): Promise<Record<string, string>> {
  const found = await sql<{ name: string; type: string }>`
    select name, type from pragma_table_info(${table})`.execute(db);
  return Object.fromEntries(found.rows.map((r) => [r.name, r.type.toLowerCase()]));
}

describe.each(ENGINES)('the events table against EVENT_COLUMN_TYPES on %s', (engine) => {
  let handle: DatabaseHandle | undefined;
  let pgDatabase: PgDatabase | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'shelf-event-types-'));
  afterAll(async () => {
    await handle?.close();
    await pgDatabase?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('names every column of the migrated table, each with its type', async () => {
    pgDatabase = engine === 'postgres' ? await createPgDatabase() : undefined;
    handle = await openDatabase({
      databaseUrl: pgDatabase?.url,
      sqlitePath: join(dataDir, 'server.db'),
      poolSize: 1,
    });
    const db = handle.db as unknown as Kysely<unknown>;
    if (engine === 'postgres') {
      expect(await pgColumns(db, 'events')).toEqual(await pgSpelled(db, EVENT_COLUMN_TYPES));
    } else {
      expect(await sqliteColumns(db, 'events')).toEqual(EVENT_COLUMN_TYPES);
    }
  });
});
