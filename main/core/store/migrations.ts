import type { Database } from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../../shared/errors';

export interface Migration {
  version: number;
  name: string;
  /** SQL run inside the migration's transaction. */
  sql: string;
}

interface AppliedRow {
  version: number;
  name: string;
}

/**
 * Applies the migrations the store lacks, each in its own transaction together with its row in
 * `schema_migrations`, so a crash never leaves a half-applied migration recorded as done.
 * The applied list must be an exact prefix of `migrations`: a store written by a newer app, or a
 * list edited out of order, is refused instead of being "repaired" (that is how data gets lost).
 */
export function runMigrations(
  db: Database,
  migrations: readonly Migration[],
  now = () => new Date().toISOString(),
): number[] {
  checkOrder(migrations);
  db.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (
       version INTEGER PRIMARY KEY,
       name TEXT NOT NULL,
       applied_at TEXT NOT NULL
     ) STRICT`,
  );
  const applied = db
    .prepare<[], AppliedRow>('SELECT version, name FROM schema_migrations ORDER BY version')
    .all();
  applied.forEach((row, index) => {
    const known = migrations[index];
    if (!known) {
      throw new AppError(
        'INTERNAL',
        `The local store has migration ${row.version} (${row.name}), unknown to this version of the app`,
      );
    }
    if (known.version !== row.version || known.name !== row.name) {
      throw new AppError(
        'INTERNAL',
        `The local store's migration ${row.version} (${row.name}) does not match ${known.version} (${known.name})`,
      );
    }
  });
  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  const done: number[] = [];
  for (const migration of migrations.slice(applied.length)) {
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, now());
    })();
    done.push(migration.version);
  }
  return done;
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    const previous = migrations[index - 1];
    if (!Number.isInteger(migration.version) || migration.version < 1) {
      throw new AppError(
        'INTERNAL',
        `Migration ${migration.name} has an invalid version ${migration.version}`,
      );
    }
    if (previous && migration.version <= previous.version) {
      throw new AppError(
        'INTERNAL',
        `Migration ${migration.version} (${migration.name}) is out of order`,
      );
    }
  });
}
