import { randomUUID } from 'node:crypto';
import type { Handlers } from '../../../shared/ipc/bridge';
import { AppError } from '../../../shared/errors';
import type { CoreContext } from '../core-context';

type PlacesHandlers = Pick<
  Handlers,
  'places.get' | 'places.setPosition' | 'places.addBookmark' | 'places.deleteBookmark'
>;

/**
 * Positions and bookmarks (docs/design.md §11.4). Writes need an item the user holds and may
 * open: a place for something returned (or being returned) would outlive the deletion that the
 * return promises. Bookmarks ask for a sync at once; positions, which move with every page,
 * go out with the next periodic sync.
 */
export function placesHandlers(ctx: CoreContext): PlacesHandlers {
  const requireOpenable = (contentId: string) => {
    const license = ctx.store.licenses.getByContent(contentId);
    if (!license) throw new AppError('NOT_FOUND');
    if (license.state !== 'active') throw new AppError('LICENSE_LOCKED');
  };
  return {
    'places.get': ({ contentId }) => ctx.store.places.get(contentId),
    'places.setPosition': ({ contentId, position }) => {
      requireOpenable(contentId);
      return { updatedAt: ctx.store.places.setPosition(contentId, position, ctx.now()) };
    },
    'places.addBookmark': ({ contentId, position, label }) => {
      requireOpenable(contentId);
      const now = ctx.now();
      const bookmark = {
        bookmarkId: randomUUID(),
        contentId,
        position,
        label,
        createdAt: now,
        updatedAt: now,
      };
      ctx.store.places.addBookmark(bookmark);
      ctx.requestSync();
      return bookmark;
    },
    'places.deleteBookmark': ({ bookmarkId }) => {
      const deleted = ctx.store.places.deleteBookmark(bookmarkId, ctx.now());
      if (deleted) ctx.requestSync();
      return { deleted };
    },
  };
}
