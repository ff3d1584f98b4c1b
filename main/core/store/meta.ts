import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { z } from 'zod';

/** Small named values: the cached license key, the sync cursor, the last sync time. */
export function metaQueries(db: Database) {
  const select = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
  const upsert = db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const remove = db.prepare('DELETE FROM meta WHERE key = ?');
  return {
    /** Reads a JSON value; a value that no longer parses with `schema` counts as absent. */
    get<S extends z.ZodType>(key: string, schema: S): z.infer<S> | null {
      const row = select.get(key);
      if (!row) return null;
      try {
        const parsed = schema.safeParse(JSON.parse(row.value));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
    set(key: string, value: unknown): void {
      upsert.run(key, JSON.stringify(value));
    },
    delete(key: string): void {
      remove.run(key);
    },
  };
}

export const META_KEYS = {
  /** The single current key cached by earlier versions; read, then replaced by `licenseKeys`. */
  licenseKey: 'license_key',
  /** The server's published key set (current and earlier signing keys). */
  licenseKeys: 'license_keys',
  syncCursor: 'sync_cursor',
  lastSyncAt: 'last_sync_at',
  /** The last places revision pulled from the server (docs/design.md §11.4). */
  placesCursor: 'places_cursor',
} as const;
