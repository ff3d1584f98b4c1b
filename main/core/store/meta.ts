import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { z } from 'zod';

/**
 * Small named values: the cached key set, the offline lease and its clock, the sync cursor, the
 * last sync time.
 */
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
  /** The single current key cached by earlier versions, unsigned: never read, deleted. */
  licenseKey: 'license_key',
  /** The key set cached by earlier versions, unsigned: never read, deleted. */
  licenseKeys: 'license_keys',
  /** The server's key set with its root signature, re-verified against the pinned roots. */
  licenseKeySet: 'license_key_set',
  /** The newest offline lease (signed), checked before any content opens. */
  offlineLease: 'offline_lease',
  /** The offline lease's clock: the newest verified server time and the last time seen (lease-clock.ts). */
  leaseClock: 'lease_clock',
  syncCursor: 'sync_cursor',
  lastSyncAt: 'last_sync_at',
  /** The last places revision pulled from the server (docs/design.md §11.4). */
  placesCursor: 'places_cursor',
} as const;
