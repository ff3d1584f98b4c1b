import { z } from 'zod';
import { PLACES_BATCH } from '../../../shared/api/places';
import { isAppError } from '../../../shared/errors';
import type { CoreContext } from '../core-context';
import { META_KEYS } from '../store/meta';

const cursorSchema = z.number().int().nonnegative();

/**
 * Brings this device's places and the server's together (docs/design.md §11.4). Pull first, so
 * a change made here offline that another device has since overtaken is replaced, not sent;
 * then send what is still dirty, a batch at a time. A failure leaves the rest dirty for the
 * next run: nothing is lost, and every change is sent again until the server has it.
 */
export async function syncPlaces(ctx: CoreContext): Promise<void> {
  try {
    await exchange(ctx);
  } catch (error) {
    // A license server from before places answers 404 for /v1/places: the rest of the sync
    // stands, and the places stay here, dirty, for a server that takes them.
    if (isAppError(error) && error.code === 'NOT_FOUND') return;
    throw error;
  }
}

async function exchange(ctx: CoreContext): Promise<void> {
  const { store } = ctx;
  let after = store.meta.get(META_KEYS.placesCursor, cursorSchema) ?? 0;
  const changed = new Set<string>();
  for (;;) {
    const page = await ctx.api.call('listPlaces', { query: { after, limit: PLACES_BATCH } });
    store.transaction(() => {
      for (const contentId of store.places.applyRemote(page)) changed.add(contentId);
      store.meta.set(META_KEYS.placesCursor, page.lastRev);
    });
    // lastRev below the cursor means the server started over: the next run reads it all again.
    after = page.lastRev;
    if (!page.hasMore) break;
  }
  // An open viewer shows the bookmarks another device added or deleted meanwhile.
  if (changed.size > 0) ctx.events.emit('places.changed', { contentIds: [...changed] });
  for (;;) {
    const dirty = store.places.dirty(PLACES_BATCH);
    if (dirty.positions.length === 0 && dirty.bookmarks.length === 0) return;
    await ctx.api.call('pushPlaces', { body: dirty });
    store.places.markSent(dirty);
    if (dirty.positions.length < PLACES_BATCH && dirty.bookmarks.length < PLACES_BATCH) return;
  }
}
