import { randomUUID } from 'node:crypto';
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ItemPlaces } from '../../../../shared/ipc/contract';
import { AppError } from '../../../../shared/errors';
import { usePlaces } from '../../../../renderer/src/hooks/use-places';
import { installFakeShelf } from '../fake-shelf';

afterEach(() => {
  cleanup();
  window.localStorage.clear();
});

const CONTENT = randomUUID();
const NOW = '2026-11-29T10:00:00.000Z';

function shelfWith(stored: ItemPlaces) {
  return installFakeShelf({
    'places.get': () => stored,
    'places.setPosition': () => ({ updatedAt: NOW }),
    'places.addBookmark': ({ contentId, position, label }) => ({
      bookmarkId: randomUUID(),
      contentId,
      position,
      label,
      createdAt: NOW,
      updatedAt: NOW,
    }),
    'places.deleteBookmark': () => ({ deleted: true }),
  });
}

describe('usePlaces', () => {
  it('opens at the stored position; a place an older version left in localStorage moves over once', async () => {
    window.localStorage.setItem(`shelfkeeper.place.${CONTENT}`, '7');
    const shelf = shelfWith({ position: null, bookmarks: [] });
    const hook = renderHook(() => usePlaces(CONTENT));
    expect(hook.result.current.ready).toBe(false);
    await waitFor(() => expect(hook.result.current.ready).toBe(true));
    expect(hook.result.current.initial).toBe('7');
    expect(shelf.callsTo('places.setPosition')).toEqual([{ contentId: CONTENT, position: '7' }]);
    expect(window.localStorage.getItem(`shelfkeeper.place.${CONTENT}`)).toBeNull();

    // The store wins over a leftover: it is forgotten, not written.
    window.localStorage.setItem(`shelfkeeper.place.${CONTENT}`, '2');
    const stored = shelfWith({ position: '9', bookmarks: [] });
    const again = renderHook(() => usePlaces(CONTENT));
    await waitFor(() => expect(again.result.current.initial).toBe('9'));
    expect(stored.callsTo('places.setPosition')).toEqual([]);
    expect(window.localStorage.getItem(`shelfkeeper.place.${CONTENT}`)).toBeNull();
  });

  it('writes moves at most once a second, the last one, and at once when the viewer closes', async () => {
    const shelf = shelfWith({ position: null, bookmarks: [] });
    const hook = renderHook(() => usePlaces(CONTENT));
    await waitFor(() => expect(hook.result.current.ready).toBe(true));
    act(() => {
      hook.result.current.save('1');
      hook.result.current.save('2');
      hook.result.current.save('3');
    });
    await waitFor(() => expect(shelf.callsTo('places.setPosition')).toHaveLength(1), {
      timeout: 3000,
    });
    expect(shelf.callsTo('places.setPosition')).toEqual([{ contentId: CONTENT, position: '3' }]);

    act(() => hook.result.current.save('4'));
    hook.unmount();
    await waitFor(() => expect(shelf.callsTo('places.setPosition')).toHaveLength(2));
    expect(shelf.callsTo('places.setPosition')[1]).toEqual({ contentId: CONTENT, position: '4' });
  });

  it('shows the bookmarks another device changed when sync says so, keeping the position', async () => {
    let stored: ItemPlaces = { position: '3', bookmarks: [] };
    const shelf = installFakeShelf({ 'places.get': () => stored });
    const hook = renderHook(() => usePlaces(CONTENT));
    await waitFor(() => expect(hook.result.current.initial).toBe('3'));
    stored = {
      position: '8',
      bookmarks: [
        {
          bookmarkId: randomUUID(),
          contentId: CONTENT,
          position: '5',
          label: 'From the tablet',
          createdAt: NOW,
          updatedAt: NOW,
        },
      ],
    };
    act(() => shelf.emit('places.changed', { contentIds: [randomUUID()] }));
    act(() => shelf.emit('places.changed', { contentIds: [CONTENT] }));
    await waitFor(() =>
      expect(hook.result.current.bookmarks.map((b) => b.label)).toEqual(['From the tablet']),
    );
    expect(hook.result.current.initial).toBe('3');
    expect(shelf.callsTo('places.get')).toHaveLength(2);
  });

  it('adds and deletes bookmarks, and keeps a failed change as an error', async () => {
    const shelf = shelfWith({ position: null, bookmarks: [] });
    const hook = renderHook(() => usePlaces(CONTENT));
    await waitFor(() => expect(hook.result.current.ready).toBe(true));
    await act(() => hook.result.current.addBookmark('epubcfi(/6/4!/4)', 'Chapter 1'));
    expect(hook.result.current.bookmarks).toEqual([
      expect.objectContaining({ label: 'Chapter 1', position: 'epubcfi(/6/4!/4)' }),
    ]);
    const id = hook.result.current.bookmarks[0]?.bookmarkId ?? '';
    await act(() => hook.result.current.deleteBookmark(id));
    expect(hook.result.current.bookmarks).toEqual([]);
    expect(shelf.callsTo('places.deleteBookmark')).toEqual([{ bookmarkId: id }]);

    installFakeShelf({
      'places.addBookmark': () => {
        throw new AppError('LICENSE_LOCKED');
      },
    });
    await act(() => hook.result.current.addBookmark('x', 'Lost'));
    expect(hook.result.current.bookmarks).toEqual([]);
    expect(hook.result.current.error).toMatchObject({ code: 'LICENSE_LOCKED' });
  });
});
