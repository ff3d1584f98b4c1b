import { afterEach, describe, expect, it } from 'vitest';
import { libraryListInputSchema } from '../../../../../shared/ipc/library';
import { libraryQueries } from '../../../../../main/core/store/library-queries';
import { tagQueries } from '../../../../../main/core/store/tags';
import {
  encryptedStore,
  insertContent,
  insertLicense,
  migrateTo,
  seedLibrary,
} from '../../../../fixtures/store-migrations';

let close = () => {};
afterEach(() => close());

describe('store migration 10 (library-table)', () => {
  it('keeps the library, adds sort keys, tags and saved searches, and sorts naturally', async () => {
    const store = await encryptedStore();
    close = store.close;
    migrateTo(store.db, 9);
    seedLibrary(store.db);
    const book = (title: string) => insertLicense(store.db, insertContent(store.db, { title }));
    book('The Volume 10');
    book('Volume 9');
    const before = store.db
      .prepare('SELECT content_id, title, state FROM library_rows ORDER BY content_id')
      .all();
    expect(migrateTo(store.db, 10)).toEqual([10]);

    expect(
      store.db
        .prepare('SELECT content_id, title, state FROM library_rows ORDER BY content_id')
        .all(),
    ).toEqual(before);
    const library = libraryQueries(store.db);
    const titles = library
      .list(libraryListInputSchema.parse({ limit: 50 }))
      .items.map((item) => item.title);
    // Natural and article-aware: "The Volume 10" files under V, after "Volume 9".
    expect(titles.slice(-2)).toEqual(['Volume 9', 'The Volume 10']);
    expect(titles.slice(0, 2)).toEqual(['amber 1', 'amber 3']);

    const [first] = library.list(libraryListInputSchema.parse({ limit: 1 })).items;
    expect(first?.tags).toEqual([]);
    const tags = tagQueries(store.db);
    const id = first?.contentId ?? '';
    expect(tags.apply([id], ['later', 'Favourites'], [])).toBe(2);
    expect(library.item(id)?.tags).toEqual(['Favourites', 'later']);
    expect(library.list(libraryListInputSchema.parse({ tag: 'later' })).items).toHaveLength(1);
    expect(tags.apply([id], [], ['later'])).toBe(1);
    expect(library.item(id)?.tags).toEqual(['Favourites']);
    expect(tags.saveSearch('Mine', 'tag:Favourites', '2026-11-29T00:00:00.000Z')).toMatchObject({
      name: 'Mine',
      query: 'tag:Favourites',
    });

    // A content that goes takes its tags with it.
    store.db.prepare('DELETE FROM licenses WHERE content_id = ?').run(id);
    store.db.prepare('DELETE FROM contents WHERE content_id = ?').run(id);
    expect(store.db.prepare('SELECT count(*) FROM item_tags').pluck().get()).toBe(0);
  });
});
