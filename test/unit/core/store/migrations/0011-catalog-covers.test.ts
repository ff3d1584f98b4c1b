import { afterEach, describe, expect, it } from 'vitest';
import { coverQueries } from '../../../../../main/core/store/covers';
import {
  encryptedStore,
  insertContent,
  insertLicense,
  migrateTo,
} from '../../../../fixtures/store-migrations';

let close = () => {};
afterEach(() => close());

const cover = (file: string) => ({ file, key: Buffer.alloc(32, 7), mime: 'image/png' });

describe('store migration 11 (catalog-covers)', () => {
  it("keeps the content's covers as its own, asks the catalog for the rest, and never puts a catalog cover over the content's own", async () => {
    const store = await encryptedStore();
    close = store.close;
    migrateTo(store.db, 10);
    const withCover = insertContent(store.db, { title: 'Covered' });
    const without = insertContent(store.db, { title: 'Bare' });
    for (const id of [withCover, without]) insertLicense(store.db, id);
    store.db
      .prepare(
        `UPDATE contents SET cover_file = 'own-file', cover_key = ?, cover_mime = 'image/png'
          WHERE content_id = ?`,
      )
      .run(Buffer.alloc(32, 1), withCover);
    expect(migrateTo(store.db, 11)).toEqual([11]);

    const covers = coverQueries(store.db);
    // A cover kept before the migration was taken from the content.
    expect(covers.get(withCover)).toMatchObject({ file: 'own-file', fromCatalog: false });
    expect(covers.catalogDue(10)).toEqual([without]);
    expect(covers.setCatalog(withCover, cover('catalog-a'))).toBe(false);

    // The catalog's fills the empty place (the library rows show it), once.
    expect(covers.setCatalog(without, cover('catalog-b'))).toBe(true);
    expect(covers.catalogDue(10)).toEqual([]);
    expect(covers.get(without)).toMatchObject({ file: 'catalog-b', fromCatalog: true });
    expect(
      store.db
        .prepare('SELECT has_cover FROM library_rows WHERE content_id = ?')
        .pluck()
        .get(without),
    ).toBe(1);
    // The content's own replaces it and names the file to drop; then nothing replaces that.
    expect(covers.set(without, cover('own-b'))).toEqual({ kept: true, replaced: 'catalog-b' });
    expect(covers.setCatalog(without, cover('catalog-c'))).toBe(false);
    expect(covers.set(without, cover('own-c'))).toEqual({ kept: false });
    expect(covers.get(without)).toMatchObject({ file: 'own-b', fromCatalog: false });
    expect(covers.files().sort()).toEqual(['own-b', 'own-file']);
  });
});
