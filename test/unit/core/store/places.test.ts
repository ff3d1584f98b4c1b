import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Bookmark } from '../../../../shared/api/places';
import { placeQueries } from '../../../../main/core/store/places';
import { encryptedStore, migrateTo } from '../../../fixtures/store-migrations';

let close = () => {};
afterEach(() => close());

async function places() {
  const store = await encryptedStore();
  close = store.close;
  migrateTo(store.db, 9);
  return placeQueries(store.db);
}

const BOOK = randomUUID();
const OTHER = randomUUID();
const at = (minute: number) => `2026-11-29T10:${String(minute).padStart(2, '0')}:00.000Z`;

function bookmark(change: Partial<Bookmark> = {}): Bookmark {
  return {
    bookmarkId: randomUUID(),
    contentId: BOOK,
    position: 'epubcfi(/6/4!/4/2/1:0)',
    label: 'Chapter 1',
    createdAt: at(0),
    updatedAt: at(0),
    deleted: false,
    ...change,
  };
}

describe('places in the local store (docs/design.md §11.4)', () => {
  it('keeps a local change dirty until it is sent, and a move made meanwhile stays dirty', async () => {
    const store = await places();
    store.setPosition(BOOK, '3', at(1));
    const sent = store.dirty(10);
    expect(sent.positions).toEqual([{ contentId: BOOK, position: '3', updatedAt: at(1) }]);
    store.setPosition(BOOK, '4', at(2));
    store.markSent(sent);
    expect(store.dirty(10).positions).toEqual([
      { contentId: BOOK, position: '4', updatedAt: at(2) },
    ]);
    store.markSent(store.dirty(10));
    expect(store.dirty(10)).toEqual({ positions: [], bookmarks: [] });
  });

  it('applies a remote position only when it is newer: last writer wins', async () => {
    const store = await places();
    store.setPosition(BOOK, 'local', at(5));
    store.applyRemote({
      positions: [{ contentId: BOOK, position: 'older', updatedAt: at(4) }],
      bookmarks: [],
    });
    expect(store.get(BOOK).position).toBe('local');
    expect(store.dirty(10).positions).toHaveLength(1);

    // Another device moved later: its position replaces ours, which no longer needs sending.
    store.applyRemote({
      positions: [{ contentId: BOOK, position: 'newer', updatedAt: '2026-11-29T11:06:00+01:00' }],
      bookmarks: [],
    });
    expect(store.get(BOOK).position).toBe('newer');
    expect(store.dirty(10).positions).toEqual([]);
  });

  it('stamps a change made here after the one it replaces, even with this clock behind', async () => {
    const store = await places();
    store.applyRemote({
      positions: [{ contentId: BOOK, position: 'from the tablet', updatedAt: at(30) }],
      bookmarks: [],
    });
    // This device's clock says 10:20, ten minutes behind the tablet's change.
    expect(store.setPosition(BOOK, 'here', at(20))).toBe('2026-11-29T10:30:00.001Z');
    expect(store.dirty(10).positions).toEqual([
      { contentId: BOOK, position: 'here', updatedAt: '2026-11-29T10:30:00.001Z' },
    ]);
    expect(store.setPosition(OTHER, 'first', at(20))).toBe(at(20));

    const mark = bookmark({ createdAt: at(30), updatedAt: at(30) });
    store.applyRemote({ positions: [], bookmarks: [mark] });
    expect(store.deleteBookmark(mark.bookmarkId, at(20))).toBe(true);
    expect(store.dirty(10).bookmarks).toEqual([
      { ...mark, deleted: true, updatedAt: '2026-11-29T10:30:00.001Z' },
    ]);
  });

  it('breaks a tie on the same millisecond by the value, so every device settles the same', async () => {
    const a = await places();
    a.applyRemote({
      positions: [{ contentId: BOOK, position: 'b', updatedAt: at(7) }],
      bookmarks: [],
    });
    a.applyRemote({
      positions: [{ contentId: BOOK, position: 'a', updatedAt: at(7) }],
      bookmarks: [],
    });
    expect(a.get(BOOK).position).toBe('b');
    a.applyRemote({
      positions: [{ contentId: BOOK, position: 'c', updatedAt: at(7) }],
      bookmarks: [],
    });
    expect(a.get(BOOK).position).toBe('c');
  });

  it('lists live bookmarks oldest first; a deletion is a tombstone sent like any change', async () => {
    const store = await places();
    const first = bookmark({ createdAt: at(1), updatedAt: at(1), label: 'First' });
    const second = bookmark({ createdAt: at(2), updatedAt: at(2), label: 'Second' });
    store.addBookmark(second);
    store.addBookmark(first);
    expect(store.get(BOOK).bookmarks.map((b) => b.label)).toEqual(['First', 'Second']);

    store.markSent(store.dirty(10));
    expect(store.deleteBookmark(first.bookmarkId, at(3))).toBe(true);
    expect(store.deleteBookmark(first.bookmarkId, at(4))).toBe(false);
    expect(store.get(BOOK).bookmarks.map((b) => b.label)).toEqual(['Second']);
    expect(store.dirty(10).bookmarks).toEqual([{ ...first, updatedAt: at(3), deleted: true }]);
  });

  it('never brings back a bookmark deleted later than the remote change, and takes a newer deletion', async () => {
    const store = await places();
    const kept = bookmark();
    store.addBookmark(kept);
    store.deleteBookmark(kept.bookmarkId, at(9));
    store.applyRemote({
      positions: [],
      bookmarks: [{ ...kept, label: 'Renamed', updatedAt: at(8) }],
    });
    expect(store.get(BOOK).bookmarks).toEqual([]);

    const remote = bookmark({ label: 'From the phone', updatedAt: at(1) });
    store.applyRemote({ positions: [], bookmarks: [remote] });
    expect(store.get(BOOK).bookmarks.map((b) => b.label)).toEqual(['From the phone']);
    store.applyRemote({
      positions: [],
      bookmarks: [{ ...remote, deleted: true, updatedAt: at(2) }],
    });
    expect(store.get(BOOK).bookmarks).toEqual([]);
    expect(store.dirty(10).bookmarks.map((b) => b.bookmarkId)).toEqual([kept.bookmarkId]);
  });

  it('deletes every place of one item, and only that item', async () => {
    const store = await places();
    store.setPosition(BOOK, '1', at(1));
    store.setPosition(OTHER, '2', at(1));
    store.addBookmark(bookmark());
    store.addBookmark(bookmark({ contentId: OTHER }));
    store.deleteForContent(BOOK);
    expect(store.get(BOOK)).toEqual({ position: null, bookmarks: [] });
    expect(store.get(OTHER).position).toBe('2');
    expect(store.get(OTHER).bookmarks).toHaveLength(1);
  });
});
