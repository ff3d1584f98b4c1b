import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';
import { migrateToLatest } from './migrate';
import { pgTypes } from './pg-bigint';
import { PreparingClient } from './pg-prepared';
import type { Finish } from './pg-transaction';
import { pipelinedTransaction } from './pg-transaction';
import { bindTransaction, unbindTransaction } from './sqlite-direct';
import { groupCommit } from './sqlite-group-commit';
import { withStatementCache } from './statement-cache';

export type Engine = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  engine: Engine;
  /**
   * Runs `fn` in one write transaction. PostgreSQL: READ COMMITTED plus explicit row locks
   * (`FOR UPDATE`) in the services. SQLite: `BEGIN IMMEDIATE`, so the write lock is taken at the
   * start (no SQLITE_BUSY upgrade deadlock with another process); transactions run one after the
   * other on the single connection, those waiting together in one BEGIN … COMMIT, each in its
   * own savepoint (sqlite-group-commit.ts), and each settles after that COMMIT. `finish` runs the
   * last statement; on PostgreSQL it leaves with the COMMIT, or alone as an implicit transaction
   * when nothing came before it (pg-transaction.ts).
   */
  transaction<T>(fn: (tx: Db, finish: Finish) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** `postgres://…` selects PostgreSQL; otherwise SQLite at `sqlitePath`. */
  databaseUrl?: string | undefined;
  sqlitePath: string;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const handle = options.databaseUrl?.startsWith('postgres')
    ? openPostgres(options.databaseUrl, options.poolSize ?? 10)
    : openSqlite(options.sqlitePath);
  try {
    await migrateToLatest(handle.db as Kysely<unknown>, handle.engine);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

function openSqlite(path: string): DatabaseHandle {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  // WAL + NORMAL is durable against process crashes; only an OS crash can lose the last commits.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // Fewer, larger checkpoints: a return touches ~10 pages, and checkpointing every 1,000 WAL
  // pages (the default) fsyncs every few dozen returns. 64 MB of page cache keeps the hot
  // index pages in memory.
  sqlite.pragma('wal_autocheckpoint = 4000');
  sqlite.pragma('cache_size = -65536');
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  });
  // Write transactions run one at a time on the single connection, those waiting together
  // under one COMMIT (sqlite-group-commit.ts); the precompiled statements run on the connection
  // directly (sqlite-direct.ts), bound to the handle while the group holds it.
  const transaction = groupCommit<Db>(sqlite, {
    hold: (run) =>
      db.connection().execute(async (conn) => {
        bindTransaction(conn, sqlite);
        try {
          await run(conn);
        } finally {
          unbindTransaction(conn);
        }
      }),
  });
  return {
    db,
    engine: 'sqlite',
    transaction: (fn) => transaction((conn) => fn(conn, async (query) => conn.executeQuery(query))),
    close: () => db.destroy(),
  };
}

function openPostgres(url: string, poolSize: number): DatabaseHandle {
  // Pipeline mode: a statement is sent without waiting for the previous one's answer, which
  // lets a transaction's BEGIN and COMMIT ride with its first and last statements.
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    Client: PreparingClient,
    types: pgTypes,
    pipeline: true,
    // Our named statements are the hot path's key lookups and writes (pg-prepared.ts): their
    // generic plan is as good as a custom one, and skipping the custom plans PostgreSQL would
    // otherwise keep trying saves planning on every run (bench/findings.md).
    options: '-c plan_cache_mode=force_generic_plan',
  });
  // A connection lost (PostgreSQL restarted, a backend terminated) must not crash the process.
  // Idle, the pool reports it here and replaces the client. Checked out, the pool does not
  // listen: the statements in flight fail with the error instead (the request answers 5xx) and
  // the pool discards the client when it comes back.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    transaction: async (fn) => {
      // A deadlock or serialization failure aborts only this attempt; the work is pure
      // database work, so running it again is safe.
      for (let attempt = 1; ; attempt++) {
        try {
          return await pipelinedTransaction(pool, fn);
        } catch (error) {
          if (attempt >= 3 || !isRetryable(error)) throw error;
        }
      }
    },
    close: () => db.destroy(),
  };
}

/** A PostgreSQL deadlock or serialization failure: the attempt was aborted, nothing written. */
export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/** True for a unique/primary-key violation on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/** True for a CHECK violation (e.g. a balance that would go negative). */
export function isCheckViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23514' || code === 'SQLITE_CONSTRAINT_CHECK';
}
