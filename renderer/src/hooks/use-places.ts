import { useCallback, useEffect, useRef, useState } from 'react';
import type { ItemPlaces } from '../../../shared/ipc/contract';
import { getShelf, hasShelf } from '../lib/shelf';

export type BookmarkView = ItemPlaces['bookmarks'][number];

export interface Places {
  /** The viewer waits for `ready` so it opens at the saved position, not at the start. */
  ready: boolean;
  /** Where to open; read once, so later saves never move the item under the user. */
  initial: string | null;
  bookmarks: BookmarkView[];
  /** The user moved: kept at most once a second, and at once when the viewer closes. */
  save: (position: string) => void;
  addBookmark: (position: string, label: string) => Promise<void>;
  deleteBookmark: (bookmarkId: string) => Promise<void>;
  /** The last failed bookmark change, for the panel to say so. */
  error: unknown;
}

const SAVE_EVERY_MS = 1000;
/** Where the places were kept before the encrypted store (read once, then forgotten). */
const legacyKey = (contentId: string) => `shelfkeeper.place.${contentId}`;

/**
 * One item's places from the encrypted store (docs/design.md §11.4) through `places.*`: the
 * position to open at, the bookmarks, and the calls that change them.
 */
export function usePlaces(contentId: string): Places {
  const [loaded, setLoaded] = useState<{ contentId: string; places: ItemPlaces } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const pending = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const flush = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const position = pending.current;
    pending.current = null;
    // A failed save (the item was returned meanwhile) loses one position, nothing else.
    if (position)
      void getShelf()
        .invoke('places.setPosition', { contentId, position })
        .catch(() => undefined);
  }, [contentId]);

  useEffect(() => {
    let live = true;
    loadPlaces(contentId).then(
      (places) => live && setLoaded({ contentId, places }),
      // Unreadable places must not keep the item closed: it opens at the start.
      () => live && setLoaded({ contentId, places: { position: null, bookmarks: [] } }),
    );
    return () => {
      live = false;
      flush();
    };
  }, [contentId, flush]);

  // Bookmarks another device added or deleted arrive through sync; the position is not moved
  // under the reader (it applies at the next open).
  useEffect(() => {
    if (!hasShelf()) return undefined;
    const shelf = getShelf();
    return shelf.on('places.changed', ({ contentIds }) => {
      if (!contentIds.includes(contentId)) return;
      shelf.invoke('places.get', { contentId }).then(
        ({ bookmarks }) =>
          setLoaded((current) =>
            current?.contentId === contentId
              ? { ...current, places: { ...current.places, bookmarks } }
              : current,
          ),
        () => undefined,
      );
    });
  }, [contentId]);

  useEffect(() => {
    window.addEventListener('pagehide', flush);
    return () => window.removeEventListener('pagehide', flush);
  }, [flush]);

  const save = useCallback(
    (position: string) => {
      pending.current = position;
      timer.current ??= setTimeout(flush, SAVE_EVERY_MS);
    },
    [flush],
  );

  const change = useCallback(
    async (run: () => Promise<(bookmarks: BookmarkView[]) => BookmarkView[]>) => {
      setError(null);
      try {
        const update = await run();
        setLoaded(
          (current) =>
            current && {
              ...current,
              places: { ...current.places, bookmarks: update(current.places.bookmarks) },
            },
        );
      } catch (caught) {
        setError(caught);
      }
    },
    [],
  );
  const addBookmark = useCallback(
    (position: string, label: string) =>
      change(async () => {
        const added = await getShelf().invoke('places.addBookmark', { contentId, position, label });
        return (bookmarks) => [...bookmarks, added];
      }),
    [change, contentId],
  );
  const deleteBookmark = useCallback(
    (bookmarkId: string) =>
      change(async () => {
        await getShelf().invoke('places.deleteBookmark', { bookmarkId });
        return (bookmarks) => bookmarks.filter((b) => b.bookmarkId !== bookmarkId);
      }),
    [change],
  );

  const places = loaded?.contentId === contentId ? loaded.places : null;
  return {
    ready: places !== null,
    initial: places?.position ?? null,
    bookmarks: places?.bookmarks ?? [],
    save,
    addBookmark,
    deleteBookmark,
    error,
  };
}

/** Reads the item's places; a position left in localStorage by an older version moves over once. */
async function loadPlaces(contentId: string): Promise<ItemPlaces> {
  const shelf = getShelf();
  const places = await shelf.invoke('places.get', { contentId });
  let legacy: string | null = null;
  try {
    legacy = window.localStorage.getItem(legacyKey(contentId));
    window.localStorage.removeItem(legacyKey(contentId));
  } catch {
    // No storage: nothing to move.
  }
  if (places.position !== null || !legacy) return places;
  await shelf.invoke('places.setPosition', { contentId, position: legacy });
  return { ...places, position: legacy };
}
