import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/database';
import { SERVER_MIGRATIONS, migrateToLatest } from '../../server/db/migrate';
import { createPgDatabase } from '../fixtures/pg-database';
import { ENGINES } from '../fixtures/server-harness';
import {
  appliedMigrations,
  faultyMigrations,
  rawDb,
  tableExists,
} from '../fixtures/migration-faults';

/**
 * Issue 14, item 3: a migration stopped after any of its statements (an error such as a full
 * disk, or kill -9) leaves the database as it was before that migration, and the next start
 * runs it again and completes.
 */
const ALL = Object.keys(SERVER_MIGRATIONS).sort();

async function columnExists(db: Kysely<unknown>, table: string, column: string): Promise<boolean> {
  try {
    await sql`select ${sql.ref(column)} from ${sql.table(table)} limit 0`.execute(db);
    return true;
  } catch {
    return false;
  }
}

describe.each(ENGINES)('server migrations on %s', (engine) => {
  let folder: string;
  let pgDb: { url: string; drop(): Promise<void> } | undefined;
  let round = 0;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'shelf-migrate-'));
    if (engine === 'postgres') pgDb = await createPgDatabase();
  });
  afterAll(async () => {
    await pgDb?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  /** An empty database: a new SQLite file, or the PostgreSQL test database emptied. */
  async function emptyTarget(): Promise<string> {
    if (engine === 'sqlite') return join(folder, `round-${++round}.sqlite`);
    const url = pgDb?.url ?? '';
    const db = rawDb('postgres', url);
    await sql`drop schema public cascade`.execute(db);
    await sql`create schema public`.execute(db);
    await db.destroy();
    return url;
  }

  /** What the database holds after the fault: each migration whole or not at all. */
  async function expectWholeMigrations(target: string): Promise<void> {
    const db = rawDb(engine, target);
    try {
      const applied = await appliedMigrations(db);
      expect(ALL.slice(0, applied.length)).toEqual(applied);
      expect(await tableExists(db, engine, 'users')).toBe(applied.includes('0001-initial'));
      if (applied.includes('0001-initial')) {
        expect(await columnExists(db, 'devices', 'secret_hash')).toBe(
          applied.includes('0004-login-limits'),
        );
      }
    } finally {
      await db.destroy();
    }
  }

  /** The next start: the real open (which migrates) succeeds with the whole schema. */
  async function expectCleanStart(target: string): Promise<void> {
    const handle = await openDatabase(
      engine === 'postgres' ? { databaseUrl: target, sqlitePath: '' } : { sqlitePath: target },
    );
    try {
      const db = handle.db as unknown as Kysely<unknown>;
      expect(await appliedMigrations(db)).toEqual(ALL);
      expect(await columnExists(db, 'devices', 'secret_hash')).toBe(true);
      expect(await columnExists(db, 'rate_limits', 'expires_at')).toBe(true);
      await handle.db
        .insertInto('settings')
        .values({ key: 'probe', value: 'written after the restart' })
        .execute();
    } finally {
      await handle.close();
    }
  }

  async function countStatements(): Promise<number> {
    const db = rawDb(engine, await emptyTarget());
    let total = 0;
    await migrateToLatest(
      db,
      engine,
      faultyMigrations((n) => (total = n)),
    );
    await db.destroy();
    return total;
  }

  it(
    'an error after any statement rolls that migration back, and the next start completes',
    { timeout: 600_000 },
    async () => {
      const total = await countStatements();
      expect(total).toBeGreaterThan(20);
      for (let k = 1; k <= total; k++) {
        const target = await emptyTarget();
        const db = rawDb(engine, target);
        const faulty = faultyMigrations((n) => {
          if (n === k) throw Object.assign(new Error('injected fault'), { code: 'SQLITE_FULL' });
        });
        await expect(migrateToLatest(db, engine, faulty)).rejects.toThrow(/Migration .* failed/);
        await db.destroy();
        await expectWholeMigrations(target);
        await expectCleanStart(target);
      }
    },
  );

  it('kill -9 after a statement: the next start completes', { timeout: 300_000 }, async () => {
    const total = await countStatements();
    // The first statement, one inside the first migration, the last one of all (its record not
    // yet written).
    for (const k of [1, Math.floor(total / 2), total]) {
      const target = await emptyTarget();
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'test/fixtures/migration-crash-child.ts', engine, target, String(k)],
        { encoding: 'utf8', timeout: 120_000 },
      );
      expect(child.signal, child.stderr).toBe('SIGKILL');
      await expectWholeMigrations(target);
      await expectCleanStart(target);
    }
  });
});
