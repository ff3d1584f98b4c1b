import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * A counter of the library-row writes that can change what a list keeps between calls (its
 * totals, a search's sorted ids, a sort's ranks): rows added or removed, and updates of the
 * columns those depend on. `total_changes()` also counted every other write to the store, so a
 * first sync's cover round (has_cover) or a return's error message threw the kept ranks away
 * (docs/design.md §10). Counted by TEMP triggers calling a function of this connection: nothing
 * is written to the store, and other connections are not this connection's writes anyway.
 */
export interface LibraryWrites {
  /** Changes whenever such a write happened on this connection since the last call. */
  version(): number;
}

const counters = new WeakMap<Database, LibraryWrites>();

/** One counter per connection (several query sets on one connection share it). */
export function libraryWrites(db: Database, watched: readonly string[]): LibraryWrites {
  const existing = counters.get(db);
  if (existing) return existing;
  let writes = 0;
  db.function('shelf_library_written', { deterministic: false }, () => {
    writes += 1;
    return null;
  });
  // By value, not `UPDATE OF`: the source triggers set every column of the row at each update.
  const changed = [...new Set(watched)]
    .map((column) => `old.${column} IS NOT new.${column}`)
    .join(' OR ');
  const install = () =>
    db.exec(`
      CREATE TEMP TRIGGER IF NOT EXISTS library_rows_written_insert AFTER INSERT ON main.library_rows
        BEGIN SELECT shelf_library_written(); END;
      CREATE TEMP TRIGGER IF NOT EXISTS library_rows_written_delete AFTER DELETE ON main.library_rows
        BEGIN SELECT shelf_library_written(); END;
      CREATE TEMP TRIGGER IF NOT EXISTS library_rows_written_update
        AFTER UPDATE ON main.library_rows WHEN ${changed}
        BEGIN SELECT shelf_library_written(); END;`);
  // A migration that rebuilds library_rows drops its TEMP triggers with it: a schema change
  // counts as a write and puts them back.
  const schema = db.prepare<[], number>('PRAGMA schema_version').pluck();
  let seenSchema = -1;
  const counter: LibraryWrites = {
    version() {
      const now = schema.get() ?? 0;
      if (now !== seenSchema) {
        install();
        seenSchema = schema.get() ?? 0;
        writes += 1;
      }
      return writes;
    },
  };
  counters.set(db, counter);
  return counter;
}
