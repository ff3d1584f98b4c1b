import { afterEach, describe, expect, it } from 'vitest';
import { libraryQueries } from '../../../../../main/core/store/library-queries';
import { encryptedStore, migrateTo, seedLibrary } from '../../../../fixtures/store-migrations';

let close = () => {};
afterEach(() => close());

const searchIndex = (db: Parameters<typeof libraryQueries>[0]) =>
  db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'library_rows_id'`).pluck().get();

describe('store migration 12 (narrow-search-index)', () => {
  it('narrows the id index to the id and keeps searches, filtered or not, in every sort', async () => {
    const store = await encryptedStore();
    close = store.close;
    migrateTo(store.db, 11);
    seedLibrary(store.db);
    const before = libraryQueries(store.db, { ranksFromMatches: Infinity });
    const inputs = ['title', 'creator', 'addedAt', 'state'].flatMap((sort) =>
      (['asc', 'desc'] as const).flatMap((direction) =>
        [{}, { kind: 'ebook' as const }, { state: 'return_pending' as const }].map((filter) => ({
          sort: sort as 'title',
          direction,
          offset: 0,
          limit: 100,
          query: 'creator',
          ...filter,
        })),
      ),
    );
    const pages = inputs.map((input) => before.list(input));
    expect(pages.map((page) => page.total)).toEqual(
      inputs.map((input) => ('state' in input || 'kind' in input ? 2 : 4)),
    );
    expect(searchIndex(store.db)).toContain('creator_key');

    expect(migrateTo(store.db, 12)).toEqual([12]);
    expect(searchIndex(store.db)).toBe('CREATE INDEX library_rows_id ON library_rows (id)');
    for (const ranksFromMatches of [0, Infinity]) {
      const after = libraryQueries(store.db, { ranksFromMatches });
      expect(inputs.map((input) => after.list(input))).toEqual(pages);
    }
  });
});
