import type { Database } from 'better-sqlite3-multiple-ciphers';

export interface StoredCover {
  file: string;
  key: Buffer;
  mime: string;
}

/** Each content's cover in the vault (migrations 10 and 11; docs/design.md §12.4). */
export function coverQueries(db: Database) {
  const get = db.prepare<[string], StoredCover & { fromCatalog: number }>(
    `SELECT cover_file AS file, cover_key AS key, cover_mime AS mime,
        cover_from_catalog AS fromCatalog FROM contents
      WHERE content_id = ? AND cover_file IS NOT NULL`,
  );
  // The content's own cover takes an empty place or the catalog's.
  const setOwn = db.prepare(
    `UPDATE contents SET cover_file = ?, cover_key = ?, cover_mime = ?, cover_from_catalog = 0
      WHERE content_id = ? AND (cover_file IS NULL OR cover_from_catalog = 1)`,
  );
  // The catalog's only an empty place: it never goes back over the content's own.
  const setCatalog = db.prepare(
    `UPDATE contents SET cover_file = ?, cover_key = ?, cover_mime = ?, cover_from_catalog = 1,
        catalog_cover_asked = 1
      WHERE content_id = ? AND cover_file IS NULL`,
  );
  const asked = db.prepare('UPDATE contents SET catalog_cover_asked = 1 WHERE content_id = ?');
  const due = db
    .prepare<[number], string>(
      `SELECT content_id FROM contents INDEXED BY contents_catalog_cover_due
        WHERE cover_file IS NULL AND catalog_cover_asked = 0 LIMIT ?`,
    )
    .pluck();
  const files = db
    .prepare<[], string>('SELECT cover_file FROM contents WHERE cover_file IS NOT NULL')
    .pluck();
  return {
    get(contentId: string): (StoredCover & { fromCatalog: boolean }) | undefined {
      const row = get.get(contentId);
      return row && { ...row, fromCatalog: row.fromCatalog === 1 };
    },
    /**
     * Keeps the content's own cover. Not kept (`kept: false`, the caller drops its file) when it
     * has its own already; `replaced` is the catalog cover's file it took the place of.
     */
    set(contentId: string, cover: StoredCover): { kept: boolean; replaced?: string } {
      return db.transaction(() => {
        const before = get.get(contentId);
        if (setOwn.run(cover.file, cover.key, cover.mime, contentId).changes === 0) {
          return { kept: false };
        }
        return before ? { kept: true, replaced: before.file } : { kept: true };
      })();
    },
    /** Keeps the catalog's cover where the content has none yet; false otherwise. */
    setCatalog(contentId: string, cover: StoredCover): boolean {
      return setCatalog.run(cover.file, cover.key, cover.mime, contentId).changes > 0;
    },
    /** The catalog was asked for this content's cover and has none (or sent a bad one). */
    markAsked(contentId: string): void {
      asked.run(contentId);
    },
    /** Contents without a cover whose catalog was not asked yet, at most `limit`. */
    catalogDue(limit: number): string[] {
      return due.all(limit);
    },
    /** Every cover file a row owns: vault files the start's orphan sweep must keep. */
    files(): string[] {
      return files.all();
    },
  };
}
