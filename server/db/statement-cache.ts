import type { SqliteDatabase, SqliteStatement } from 'kysely';

interface Preparer {
  prepare(sql: string): SqliteStatement;
  close(): void;
}

/**
 * Kysely's SQLite driver prepares every statement anew; preparing costs about as much as
 * running a small one. The services issue the same few SQL texts over and over (values are
 * bound, not inlined), so prepared statements are kept by SQL text, least recently used out.
 * Safe because the driver runs one statement at a time on the single connection.
 */
export function withStatementCache(database: Preparer, capacity = 500): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    prepare(sql) {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = database.prepare(sql);
        if (cache.size >= capacity) {
          const oldest = cache.keys().next().value;
          if (oldest !== undefined) cache.delete(oldest);
        }
      }
      cache.set(sql, statement);
      return statement;
    },
    close() {
      cache.clear();
      database.close();
    },
  };
}
