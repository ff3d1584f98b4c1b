import { afterEach, describe, expect, it } from 'vitest';
import {
  encryptedStore,
  insertContent,
  insertLicense,
  migrateTo,
  seedLibrary,
} from '../../../../fixtures/store-migrations';

let close = () => {};
afterEach(() => close());

describe('store migration 3 (library-totals)', () => {
  it('counts what the store holds, then keeps the counts through writes', async () => {
    const store = await encryptedStore();
    close = store.close;
    migrateTo(store.db, 2);
    seedLibrary(store.db);
    expect(migrateTo(store.db, 3)).toEqual([3]);
    const totals = () => store.db.prepare('SELECT contents, confirmed FROM library_totals').get();
    expect(totals()).toEqual({ contents: 6, confirmed: 1 });

    const contentId = insertContent(store.db);
    const licenseId = insertLicense(store.db, contentId);
    store.db.prepare(`UPDATE licenses SET state = 'confirmed' WHERE license_id = ?`).run(licenseId);
    expect(totals()).toEqual({ contents: 7, confirmed: 2 });
    store.db.prepare('DELETE FROM licenses WHERE license_id = ?').run(licenseId);
    store.db.prepare('DELETE FROM contents WHERE content_id = ?').run(contentId);
    expect(totals()).toEqual({ contents: 6, confirmed: 1 });
  });
});
