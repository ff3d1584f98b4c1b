import { afterEach, describe, expect, it } from 'vitest';
import { encryptedStore, insertContent, migrateTo } from '../../../../fixtures/store-migrations';

let close = () => {};
afterEach(() => close());

const matches = (store: Awaited<ReturnType<typeof encryptedStore>>, query: string) =>
  store.db
    .prepare<[string], string>(
      `SELECT c.title FROM contents_fts f JOIN contents c ON c.id = f.rowid
        WHERE contents_fts MATCH ? ORDER BY c.title`,
    )
    .pluck()
    .all(query);

describe('store migration 2 (library-search)', () => {
  it('indexes the titles and creators already stored, then follows every change', async () => {
    const store = await encryptedStore();
    close = store.close;
    migrateTo(store.db, 1);
    insertContent(store.db, { title: 'The Quiet Shelf', creator: 'Ana Émile' });
    insertContent(store.db, { title: 'Quiet Rivers' });
    expect(migrateTo(store.db, 2)).toEqual([2]);
    expect(matches(store, '"qui"*')).toEqual(['Quiet Rivers', 'The Quiet Shelf']);
    // remove_diacritics: "emile" finds "Émile"
    expect(matches(store, '"emile"')).toEqual(['The Quiet Shelf']);

    store.db
      .prepare(`UPDATE contents SET title = 'Loud Rivers' WHERE title = 'Quiet Rivers'`)
      .run();
    insertContent(store.db, { title: 'Quiet Days' });
    store.db.prepare(`DELETE FROM contents WHERE title = 'The Quiet Shelf'`).run();
    expect(matches(store, '"qui"*')).toEqual(['Quiet Days']);
    expect(matches(store, '"loud"')).toEqual(['Loud Rivers']);
  });
});
