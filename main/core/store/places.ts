import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { Bookmark, Position } from '../../../shared/api/places';
import type { ItemPlaces } from '../../../shared/ipc/contract';

interface BookmarkRow {
  bookmarkId: string;
  contentId: string;
  position: string;
  label: string;
  createdAt: string;
  updatedAt: string;
  deleted: 0 | 1;
}

const BOOKMARK_COLUMNS = `bookmark_id AS bookmarkId, content_id AS contentId, position, label,
  created_at AS createdAt, updated_at AS updatedAt, deleted`;

const toBookmark = (row: BookmarkRow): Bookmark => ({ ...row, deleted: row.deleted === 1 });

/** SQL for one millisecond after a stored time, in the same UTC text form. */
const LATER = (column: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${column}, '+0.001 seconds')`;

/**
 * Positions and bookmarks (docs/design.md §11.4). A change made here is `dirty` until the server
 * has it; a change from the server is applied only when it is newer — last writer wins on
 * `updated_at`, ties broken by the values themselves so every device settles on the same one.
 */
export function placeQueries(db: Database) {
  const position = db
    .prepare<[string], string>('SELECT position FROM positions WHERE content_id = ?')
    .pluck();
  const liveBookmarks = db.prepare<[string], BookmarkRow>(
    `SELECT ${BOOKMARK_COLUMNS} FROM bookmarks WHERE content_id = ? AND deleted = 0
     ORDER BY created_at, bookmark_id`,
  );
  // A change made here is stamped later than the one it replaces even when this device's clock
  // is behind the device that wrote that one; otherwise the server would keep the older place
  // (or bring a deleted bookmark back). One millisecond later is enough to win.
  const setPosition = db
    .prepare<[string, string, string], string>(
      `INSERT INTO positions (content_id, position, updated_at, dirty) VALUES (?, ?, ?, 1)
       ON CONFLICT (content_id) DO UPDATE SET position = excluded.position, dirty = 1,
         updated_at = max(excluded.updated_at, ${LATER('positions.updated_at')})
       RETURNING updated_at`,
    )
    .pluck();
  const insertBookmark = db.prepare(
    `INSERT INTO bookmarks (bookmark_id, content_id, position, label, created_at, updated_at, dirty)
     VALUES (@bookmarkId, @contentId, @position, @label, @createdAt, @updatedAt, 1)`,
  );
  const deleteBookmark = db.prepare(
    `UPDATE bookmarks SET deleted = 1, dirty = 1, updated_at = max(?, ${LATER('updated_at')})
     WHERE bookmark_id = ? AND deleted = 0`,
  );
  const dirtyPositions = db.prepare<[number], Position>(
    `SELECT content_id AS contentId, position, updated_at AS updatedAt FROM positions
     WHERE dirty = 1 ORDER BY updated_at LIMIT ?`,
  );
  const dirtyBookmarks = db.prepare<[number], BookmarkRow>(
    `SELECT ${BOOKMARK_COLUMNS} FROM bookmarks WHERE dirty = 1 ORDER BY updated_at LIMIT ?`,
  );
  // Only a row unchanged since it was sent turns clean: a move made meanwhile goes out next time.
  const cleanPosition = db.prepare(
    'UPDATE positions SET dirty = 0 WHERE content_id = ? AND updated_at = ? AND position = ?',
  );
  const cleanBookmark = db.prepare(
    'UPDATE bookmarks SET dirty = 0 WHERE bookmark_id = ? AND updated_at = ? AND deleted = ?',
  );
  const applyPosition = db.prepare(
    `INSERT INTO positions (content_id, position, updated_at, dirty) VALUES (?, ?, ?, 0)
     ON CONFLICT (content_id) DO UPDATE SET position = excluded.position,
       updated_at = excluded.updated_at, dirty = 0
     WHERE (excluded.updated_at, excluded.position) > (positions.updated_at, positions.position)`,
  );
  const applyBookmark = db.prepare(
    `INSERT INTO bookmarks (bookmark_id, content_id, position, label, created_at, updated_at,
       deleted, dirty)
     VALUES (@bookmarkId, @contentId, @position, @label, @createdAt, @updatedAt, @deleted, 0)
     ON CONFLICT (bookmark_id) DO UPDATE SET position = excluded.position, label = excluded.label,
       updated_at = excluded.updated_at, deleted = excluded.deleted, dirty = 0
     WHERE (excluded.updated_at, excluded.deleted, excluded.position, excluded.label)
         > (bookmarks.updated_at, bookmarks.deleted, bookmarks.position, bookmarks.label)`,
  );
  const removePositions = db.prepare('DELETE FROM positions WHERE content_id = ?');
  const removeBookmarks = db.prepare('DELETE FROM bookmarks WHERE content_id = ?');

  return {
    get(contentId: string): ItemPlaces {
      return {
        position: position.get(contentId) ?? null,
        bookmarks: liveBookmarks.all(contentId).map(({ deleted: _deleted, ...b }) => b),
      };
    },
    /** Answers the time the position is stamped with (`at`, or just after the one replaced). */
    setPosition(contentId: string, text: string, at: string): string {
      return setPosition.get(contentId, text, at) ?? at;
    },
    addBookmark(bookmark: Omit<Bookmark, 'deleted'>): void {
      insertBookmark.run(bookmark);
    },
    /** Leaves a tombstone; false when there was no live bookmark with that id. */
    deleteBookmark(bookmarkId: string, at: string): boolean {
      return deleteBookmark.run(at, bookmarkId).changes === 1;
    },
    /** Local changes the server does not have yet, oldest first. */
    dirty(limit: number): { positions: Position[]; bookmarks: Bookmark[] } {
      return {
        positions: dirtyPositions.all(limit),
        bookmarks: dirtyBookmarks.all(limit).map(toBookmark),
      };
    },
    markSent(sent: { positions: readonly Position[]; bookmarks: readonly Bookmark[] }): void {
      for (const p of sent.positions) cleanPosition.run(p.contentId, p.updatedAt, p.position);
      for (const b of sent.bookmarks)
        cleanBookmark.run(b.bookmarkId, b.updatedAt, b.deleted ? 1 : 0);
    },
    /**
     * Changes from the server: each kept only if newer than this device's (which it then
     * replaces). Answers the items whose places changed here.
     */
    applyRemote(changes: {
      positions: readonly Position[];
      bookmarks: readonly Bookmark[];
    }): Set<string> {
      const changed = new Set<string>();
      for (const p of changes.positions) {
        if (applyPosition.run(p.contentId, p.position, utc(p.updatedAt)).changes > 0)
          changed.add(p.contentId);
      }
      for (const b of changes.bookmarks) {
        const applied = applyBookmark.run({
          ...b,
          createdAt: utc(b.createdAt),
          updatedAt: utc(b.updatedAt),
          deleted: b.deleted ? 1 : 0,
        });
        if (applied.changes > 0) changed.add(b.contentId);
      }
      return changed;
    },
    /** A returned item leaves nothing behind (called in the transaction deleting its rows). */
    deleteForContent(contentId: string): void {
      removePositions.run(contentId);
      removeBookmarks.run(contentId);
    },
  };
}

/** Times compare as text only in one form: UTC with milliseconds, as `toISOString` writes. */
function utc(time: string): string {
  return new Date(time).toISOString();
}
