import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import * as initial from './migrations/0001-initial';
import * as returnsPaging from './migrations/0002-returns-paging';
import * as tradeInKind from './migrations/0003-trade-in-kind';
import * as hardening from './migrations/0004-login-limits';
import * as orders from './migrations/0005-orders';
import * as accountConfirmation from './migrations/0006-account-confirmation';
import * as places from './migrations/0007-places';
import * as catalogCovers from './migrations/0008-catalog-covers';
import * as dropQuotes from './migrations/0009-drop-quotes';
import * as returnWriteChecks from './migrations/0010-return-write-checks';
import * as placesRevInUsers from './migrations/0011-places-rev-in-users';
import * as refunds from './migrations/0012-refunds';
import * as refundAttemptKeys from './migrations/0013-refund-attempt-keys';
import * as orderSettling from './migrations/0014-order-settling';
import * as pointsHeld from './migrations/0015-points-held';

/** Numbered migrations, applied in name order. Never edit a shipped one; add the next number. */
export const SERVER_MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial': initial,
  '0002-returns-paging': returnsPaging,
  '0003-trade-in-kind': tradeInKind,
  '0004-login-limits': hardening,
  '0005-orders': orders,
  '0006-account-confirmation': accountConfirmation,
  '0007-places': places,
  '0008-catalog-covers': catalogCovers,
  '0009-drop-quotes': dropQuotes,
  '0010-return-write-checks': returnWriteChecks,
  '0011-places-rev-in-users': placesRevInUsers,
  '0012-refunds': refunds,
  '0013-refund-attempt-keys': refundAttemptKeys,
  '0014-order-settling': orderSettling,
  '0015-points-held': pointsHeld,
};

// The record table keeps Kysely's Migrator name and columns, so data folders made before this
// runner existed are read as they are.
const RECORD_TABLE = 'kysely_migration';
// Any constant: the PostgreSQL advisory lock that serialises processes starting together.
const PG_MIGRATION_LOCK = 7_346_512;

/**
 * Applies every pending migration, each in its own transaction together with its record, so a
 * crash (kill -9, a full disk) at any statement leaves the schema as it was before that
 * migration and the next start simply runs it again. SQLite's DDL is transactional, which
 * Kysely's Migrator does not use on SQLite (it would leave a half-made schema and no record).
 */
export async function migrateToLatest(
  db: Kysely<unknown>,
  engine: 'sqlite' | 'postgres',
  migrations: Readonly<Record<string, Migration>> = SERVER_MIGRATIONS,
): Promise<void> {
  // Under the same lock as the migrations: PostgreSQL's CREATE TABLE IF NOT EXISTS is not safe
  // against a second process creating the table at the same moment ("already exists").
  await inTransaction(db, engine, async (tx) => {
    await tx.schema
      .createTable(RECORD_TABLE)
      .ifNotExists()
      .addColumn('name', 'varchar(255)', (c) => c.primaryKey())
      .addColumn('timestamp', 'varchar(255)', (c) => c.notNull())
      .execute();
  });
  const names = Object.keys(migrations).sort();
  for (const name of names) {
    const migration = migrations[name];
    if (!migration) continue;
    try {
      await inTransaction(db, engine, async (tx) => {
        // Read inside the transaction: another process may have applied it meanwhile.
        const done = await sql<{
          name: string;
        }>`select name from ${sql.table(RECORD_TABLE)} where name = ${name}`.execute(tx);
        if (done.rows.length > 0) return;
        await migration.up(tx);
        await sql`insert into ${sql.table(RECORD_TABLE)} (name, timestamp) values (${name}, ${new Date().toISOString()})`.execute(
          tx,
        );
      });
    } catch (error) {
      throw new Error(`Migration ${name} failed`, { cause: error });
    }
  }
  const known = new Set(names);
  const applied = await sql<{ name: string }>`select name from ${sql.table(RECORD_TABLE)}`.execute(
    db,
  );
  const unknown = applied.rows.map((r) => r.name).filter((n) => !known.has(n));
  if (unknown.length > 0) {
    // A database migrated by a newer server: running older code on it could corrupt data.
    throw new Error(`The database has migrations this server does not know: ${unknown.join(', ')}`);
  }
}

async function inTransaction(
  db: Kysely<unknown>,
  engine: 'sqlite' | 'postgres',
  fn: (tx: Kysely<unknown>) => Promise<void>,
): Promise<void> {
  if (engine === 'postgres') {
    await db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(${PG_MIGRATION_LOCK})`.execute(tx);
      await fn(tx);
    });
    return;
  }
  // BEGIN IMMEDIATE takes the write lock first, so two processes starting on one file wait for
  // each other instead of failing on a lock upgrade.
  await db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      await fn(conn);
      await sql`commit`.execute(conn);
    } catch (error) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw error;
    }
  });
}
