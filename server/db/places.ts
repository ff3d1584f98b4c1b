import { sql } from 'kysely';
import type { Db, Engine } from './database';
import { precompiled } from './precompiled';
import type { BookmarksTable, PositionsTable } from './schema';

export type PositionRow = PositionsTable;
export type BookmarkRow = BookmarksTable;

/**
 * Takes `count` revisions for the user and answers the first; the caller holds the user's row
 * lock (lockUser), so revisions are handed out in commit order. The counter is the user's row
 * (`users.places_rev`, migration 0011): updating it is what lets a return's re-check see that a
 * push committed after the return's read (return-writes.ts).
 */
export async function takeRevisions(db: Db, userId: string, count: number): Promise<number> {
  const row = await db
    .updateTable('users')
    .set({ places_rev: sql`places_rev + ${count}` })
    .where('id', '=', userId)
    .returning('places_rev')
    .executeTakeFirstOrThrow();
  return Number(row.places_rev) - count + 1;
}

export async function currentRevision(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select('places_rev')
    .where('id', '=', userId)
    .executeTakeFirst();
  return row ? Number(row.places_rev) : 0;
}

/** Which of these contents the user holds a license for (places exist only for those). */
export async function heldContentIds(
  db: Db,
  userId: string,
  contentIds: readonly string[],
): Promise<Set<string>> {
  if (contentIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('licenses')
    .select('content_id')
    .where('user_id', '=', userId)
    .where('content_id', 'in', [...contentIds])
    .execute();
  return new Set(rows.map((r) => r.content_id));
}

// Texts compare byte by byte on both engines (and as the app's SQLite does), so a tie on the
// same millisecond is settled the same way everywhere.
const bytewise = (engine: Engine) => (engine === 'postgres' ? sql` collate "C"` : sql``);

/** Stores the position unless the stored one is newer (last writer wins); true if stored. */
export async function upsertPosition(db: Db, engine: Engine, row: PositionRow): Promise<boolean> {
  const c = bytewise(engine);
  const result = await db
    .insertInto('positions')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['user_id', 'content_id'])
        .doUpdateSet({
          position: sql`excluded.position`,
          updated_at: sql`excluded.updated_at`,
          rev: sql`excluded.rev`,
        })
        .where(
          sql<boolean>`(excluded.updated_at${c}, excluded.position${c}) > (positions.updated_at${c}, positions.position${c})`,
        ),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Stores the bookmark (or its tombstone) unless the stored one is newer; true if stored. */
export async function upsertBookmark(db: Db, engine: Engine, row: BookmarkRow): Promise<boolean> {
  const c = bytewise(engine);
  const result = await db
    .insertInto('bookmarks')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['user_id', 'id'])
        .doUpdateSet({
          position: sql`excluded.position`,
          label: sql`excluded.label`,
          updated_at: sql`excluded.updated_at`,
          deleted: sql`excluded.deleted`,
          rev: sql`excluded.rev`,
        })
        // The content never changes: a bookmark id reused for another item is not an update.
        .where(sql.ref('bookmarks.content_id'), '=', sql.ref('excluded.content_id'))
        .where(
          sql<boolean>`(excluded.updated_at${c}, excluded.deleted, excluded.position${c}, excluded.label${c})
            > (bookmarks.updated_at${c}, bookmarks.deleted, bookmarks.position${c}, bookmarks.label${c})`,
        ),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export function positionsAfter(
  db: Db,
  userId: string,
  after: number,
  limit: number,
): Promise<PositionRow[]> {
  return db
    .selectFrom('positions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('rev', '>', after)
    .orderBy('rev')
    .limit(limit)
    .execute();
}

export function bookmarksAfter(
  db: Db,
  userId: string,
  after: number,
  limit: number,
): Promise<BookmarkRow[]> {
  return db
    .selectFrom('bookmarks')
    .selectAll()
    .where('user_id', '=', userId)
    .where('rev', '>', after)
    .orderBy('rev')
    .limit(limit)
    .execute();
}

/** A returned item's places (in the return's transaction, docs/design.md §11.4). */
export async function deletePlacesOf(db: Db, userId: string, contentId: string): Promise<void> {
  await deletePositionsOf(db, { userId, contentId });
  await deleteBookmarksOf(db, { userId, contentId });
}

// Built once: every return runs both (the sync push profile, bench/findings.md).
const deletePositionsOf = precompiled((db, a: { userId: string; contentId: string }) =>
  db.deleteFrom('positions').where('user_id', '=', a.userId).where('content_id', '=', a.contentId),
);
const deleteBookmarksOf = precompiled((db, a: { userId: string; contentId: string }) =>
  db.deleteFrom('bookmarks').where('user_id', '=', a.userId).where('content_id', '=', a.contentId),
);
