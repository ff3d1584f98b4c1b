import type { Database } from 'better-sqlite3-multiple-ciphers';

export interface StoredCover {
  file: string;
  key: Buffer;
  mime: string;
}

/** Each content's cover in the vault (migration 10; docs/design.md §12.4). */
export function coverQueries(db: Database) {
  const get = db.prepare<[string], StoredCover>(
    `SELECT cover_file AS file, cover_key AS key, cover_mime AS mime FROM contents
      WHERE content_id = ? AND cover_file IS NOT NULL`,
  );
  const set = db.prepare(
    `UPDATE contents SET cover_file = ?, cover_key = ?, cover_mime = ?
      WHERE content_id = ? AND cover_file IS NULL`,
  );
  const files = db
    .prepare<[], string>('SELECT cover_file FROM contents WHERE cover_file IS NOT NULL')
    .pluck();
  return {
    get(contentId: string): StoredCover | undefined {
      return get.get(contentId);
    },
    /** Keeps a cover for the content; false when it has one already (the caller drops its file). */
    set(contentId: string, cover: StoredCover): boolean {
      return set.run(cover.file, cover.key, cover.mime, contentId).changes > 0;
    },
    /** Every cover file a row owns: vault files the start's orphan sweep must keep. */
    files(): string[] {
      return files.all();
    },
  };
}
