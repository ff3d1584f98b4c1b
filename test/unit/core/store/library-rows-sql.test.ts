import { afterEach, describe, expect, it } from 'vitest';
import { LIBRARY_COLUMN_NAMES, LIBRARY_SORT_KEYS } from '../../../../shared/ipc/library-columns';
import { libraryItemSchema } from '../../../../shared/ipc/library';
import { contentQueries } from '../../../../main/core/store/contents';
import { LIBRARY_COLUMNS_SQL } from '../../../../main/core/store/library-columns-sql';
import { libraryQueries } from '../../../../main/core/store/library-queries';
import { libraryRowsRebuild, libraryRowsSql } from '../../../../main/core/store/library-rows-sql';
import { runMigrations, type Migration } from '../../../../main/core/store/migrations';
import { MIGRATIONS } from '../../../../main/core/store/migrations/index';
import { libraryRowsDrift } from '../../../fixtures/library-rows-drift';
import {
  encryptedStore,
  insertContent,
  insertLicense,
  migrateTo,
  seedLibrary,
} from '../../../fixtures/store-migrations';

/** The newest migration's version (numbers may skip: they are assigned per branch). */
const LATEST = MIGRATIONS.at(-1)?.version ?? 0;

let close = () => {};
afterEach(() => close());

/** A column that is not part of the list, declared the way a new one would be. */
const withPrice = {
  ...LIBRARY_COLUMNS_SQL,
  listPrice: {
    stored: [
      { name: 'list_price', from: 'contents', source: 'price_cents', type: 'INTEGER NOT NULL' },
    ],
  },
} as const;

describe('library rows generated from the column declaration', () => {
  it('are what the migrated store holds: table, indexes and triggers', async () => {
    const store = await encryptedStore();
    close = store.close;
    migrateTo(store.db, LATEST);
    expect(libraryRowsDrift(store.db)).toEqual([]);
  });

  it('tell a declaration change without its migration, and generate that migration', async () => {
    const store = await encryptedStore();
    close = store.close;
    migrateTo(store.db, LATEST);
    seedLibrary(store.db);
    const generated = libraryRowsSql(withPrice);
    expect(libraryRowsDrift(store.db, generated).map((drift) => drift.name)).toEqual([
      'library_rows',
      'library_rows_content_update',
      'library_rows_license_insert',
      'library_rows_license_update',
    ]);

    const next: Migration = {
      version: LATEST + 1,
      name: 'library-price',
      sql: libraryRowsRebuild(generated),
    };
    expect(runMigrations(store.db, [...MIGRATIONS, next])).toEqual([next.version]);
    expect(libraryRowsDrift(store.db, generated)).toEqual([]);
    const prices = () =>
      store.db.prepare('SELECT DISTINCT list_price FROM library_rows ORDER BY 1').pluck().all();
    expect(prices()).toEqual([999]);
    store.db.prepare('UPDATE contents SET price_cents = 1299').run();
    expect(prices()).toEqual([1299]);
    insertLicense(store.db, insertContent(store.db));
    expect(prices()).toEqual([999, 1299]);
    expect(libraryQueries(store.db).counts().total).toBe(5);
  });

  it('declare the SQL of every shared column, and a covering index for every sort', () => {
    expect(Object.keys(LIBRARY_COLUMNS_SQL).sort()).toEqual([...LIBRARY_COLUMN_NAMES].sort());
    const { sorts, schema } = libraryRowsSql();
    expect(Object.keys(sorts).sort()).toEqual([...LIBRARY_SORT_KEYS].sort());
    for (const sort of Object.values(sorts)) {
      expect(sort.columns.at(-1)).toBe('id');
      expect(sort.columns).toEqual(expect.arrayContaining(['kind', 'downloaded']));
    }
    // Searches sort by the kept ranks: the id index is narrow, every sort has its own.
    const indexes = schema.filter((object) => object.type === 'index').map((object) => object.sql);
    expect(indexes).toContain('CREATE INDEX library_rows_id ON library_rows (id)');
    for (const sort of Object.values(sorts)) {
      expect(indexes).toContain(
        `CREATE INDEX ${sort.index} ON library_rows (${sort.columns.join(', ')})`,
      );
    }
  });

  it('read back into items the contract accepts', async () => {
    const store = await encryptedStore();
    close = store.close;
    migrateTo(store.db, LATEST);
    seedLibrary(store.db);
    const library = libraryQueries(store.db);
    const page = library.list({ sort: 'title', direction: 'asc', offset: 0, limit: 100 });
    expect(page.items).toHaveLength(4);
    for (const item of page.items) expect(libraryItemSchema.parse(item)).toEqual(item);
    const refused = page.items.find((item) => item.lastReturnError);
    expect(refused?.lastReturnError).toEqual({ code: 'RETURN_WINDOW_CLOSED', message: 'Refused.' });
    expect(library.item(refused!.contentId)).toEqual(refused);
    expect(contentQueries(store.db).get(refused!.contentId)).toBeDefined();
  });
});
