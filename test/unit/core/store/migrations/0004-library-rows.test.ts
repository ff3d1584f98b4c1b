import { afterEach, describe, expect, it } from 'vitest';
import {
  encryptedStore,
  insertLicense,
  migrateTo,
  schemaNames,
  seedLibrary,
} from '../../../../fixtures/store-migrations';

let close = () => {};
afterEach(() => close());

/** What the list showed before migration 4, from the source tables. */
const LISTED = `SELECT c.id, c.title, c.kind, c.downloaded, l.license_id, l.state, l.last_error_code
  FROM contents c JOIN licenses l ON l.content_id = c.content_id
 WHERE l.state <> 'confirmed' ORDER BY c.id`;

describe('store migration 4 (library-rows)', () => {
  it('builds the library rows and per-kind counts from what the store holds', async () => {
    const store = await encryptedStore();
    close = store.close;
    migrateTo(store.db, 3);
    seedLibrary(store.db);
    const listed = store.db.prepare(LISTED).all();
    expect(listed).toHaveLength(4);
    expect(migrateTo(store.db, 4)).toEqual([4]);

    expect(
      store.db
        .prepare(
          `SELECT id, title, kind, downloaded, license_id, state, last_error_code
             FROM library_rows ORDER BY id`,
        )
        .all(),
    ).toEqual(listed);
    expect(
      store.db.prepare('SELECT kind, total, downloaded FROM library_counts ORDER BY kind').all(),
    ).toEqual([
      { kind: 'audio', total: 1, downloaded: 0 },
      { kind: 'ebook', total: 2, downloaded: 2 },
      { kind: 'software', total: 1, downloaded: 0 },
    ]);
    expect(schemaNames(store.db, 'table')).not.toContain('library_totals');
    expect(schemaNames(store.db, 'index')).toEqual(
      expect.arrayContaining(['library_rows_title', 'library_rows_id', 'library_rows_pending']),
    );
  });

  it('keeps the rows from then on: a license bought, confirmed as returned', async () => {
    const store = await encryptedStore();
    close = store.close;
    migrateTo(store.db, 4);
    seedLibrary(store.db);
    const rows = () => store.db.prepare('SELECT count(*) FROM library_rows').pluck().get();
    expect(rows()).toBe(4);
    const contentId = store.db
      .prepare(
        `SELECT content_id FROM contents WHERE content_id NOT IN (SELECT content_id FROM licenses)`,
      )
      .pluck()
      .get() as string;
    const licenseId = insertLicense(store.db, contentId);
    expect(rows()).toBe(5);
    store.db.prepare(`UPDATE licenses SET state = 'confirmed' WHERE license_id = ?`).run(licenseId);
    expect(rows()).toBe(4);
  });
});
