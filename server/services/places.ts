import type {
  Bookmark,
  PlacesPage,
  PlacesPush,
  PlacesPushResult,
  Position,
} from '../../shared/api/places';
import { PLACES_BATCH } from '../../shared/api/places';
import type { ServerContext } from '../context';
import {
  bookmarksAfter,
  currentRevision,
  heldContentIds,
  positionsAfter,
  takeRevisions,
  upsertBookmark,
  upsertPosition,
  type BookmarkRow,
  type PositionRow,
} from '../db/places';
import { lockUser } from '../db/users';
import type { Caller } from './auth';

/**
 * A device's place changes (docs/design.md §11.4). Each is kept only if it is newer than the
 * stored one (last writer wins on the device's `updatedAt`; a time ahead of the server's clock
 * counts as now, so one device with a wrong clock cannot win forever) and only for an item the
 * user holds: the user's row lock orders this against a return, which deletes the item's places.
 */
export async function pushPlaces(
  ctx: ServerContext,
  caller: Caller,
  push: PlacesPush,
): Promise<PlacesPushResult> {
  const total = push.positions.length + push.bookmarks.length;
  if (total === 0) return { stored: 0, ignored: 0 };
  const now = ctx.clock();
  const stamp = (time: string) => new Date(Math.min(Date.parse(time), now)).toISOString();
  const { userId } = caller;
  return ctx.database.transaction(async (tx) => {
    await lockUser(tx, ctx.engine, userId);
    const held = await heldContentIds(tx, userId, [
      ...new Set([...push.positions, ...push.bookmarks].map((p) => p.contentId)),
    ]);
    let rev = await takeRevisions(tx, userId, total);
    let stored = 0;
    for (const p of push.positions) {
      const row: PositionRow = {
        user_id: userId,
        content_id: p.contentId,
        position: p.position,
        updated_at: stamp(p.updatedAt),
        rev: rev++,
      };
      if (held.has(p.contentId) && (await upsertPosition(tx, ctx.engine, row))) stored += 1;
    }
    for (const b of push.bookmarks) {
      const row: BookmarkRow = {
        user_id: userId,
        id: b.bookmarkId,
        content_id: b.contentId,
        position: b.position,
        label: b.label,
        created_at: new Date(b.createdAt).toISOString(),
        updated_at: stamp(b.updatedAt),
        deleted: b.deleted ? 1 : 0,
        rev: rev++,
      };
      if (held.has(b.contentId) && (await upsertBookmark(tx, ctx.engine, row))) stored += 1;
    }
    return { stored, ignored: total - stored };
  });
}

/** The user's places changed after a revision, both kinds merged in revision order. */
export async function pullPlaces(
  ctx: ServerContext,
  caller: Caller,
  query: { after: number; limit?: number | undefined },
): Promise<PlacesPage> {
  const { after } = query;
  const limit = query.limit ?? PLACES_BATCH;
  // limit + 1 of each: anything not read comes after at least limit + 1 rows that were.
  const [positions, bookmarks] = await Promise.all([
    positionsAfter(ctx.db, caller.userId, after, limit + 1),
    bookmarksAfter(ctx.db, caller.userId, after, limit + 1),
  ]);
  const merged = [
    ...positions.map((row) => ({ rev: Number(row.rev), position: toPosition(row) })),
    ...bookmarks.map((row) => ({ rev: Number(row.rev), bookmark: toBookmark(row) })),
  ].sort((a, b) => a.rev - b.rev);
  const page = merged.slice(0, limit);
  const last = page.at(-1);
  return {
    positions: page.flatMap((e) => ('position' in e ? [e.position] : [])),
    bookmarks: page.flatMap((e) => ('bookmark' in e ? [e.bookmark] : [])),
    // Nothing new: the user's current revision, so a client ahead of it (a reset server) sees
    // lastRev < after and starts over.
    lastRev: last ? last.rev : await currentRevision(ctx.db, caller.userId),
    hasMore: merged.length > limit,
  };
}

function toPosition(row: PositionRow): Position {
  return { contentId: row.content_id, position: row.position, updatedAt: row.updated_at };
}

function toBookmark(row: BookmarkRow): Bookmark {
  return {
    bookmarkId: row.id,
    contentId: row.content_id,
    position: row.position,
    label: row.label,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deleted: row.deleted === 1,
  };
}
