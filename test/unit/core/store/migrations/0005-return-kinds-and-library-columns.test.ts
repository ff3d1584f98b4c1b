import type { Database } from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { syncReturnKinds } from '../../../../../main/core/store/return-kinds';
import {
  encryptedStore,
  insertContent,
  insertLicense,
  insertOutbox,
  migrateTo,
  seedLibrary,
} from '../../../../fixtures/store-migrations';

let close = () => {};
afterEach(() => close());

const snapshot = (db: Database) => ({
  contents: db.prepare('SELECT * FROM contents ORDER BY id').all(),
  licenses: db.prepare('SELECT * FROM licenses ORDER BY license_id').all(),
  outbox: db.prepare('SELECT * FROM outbox ORDER BY id').all(),
  libraryRows: db.prepare('SELECT * FROM library_rows ORDER BY id').all(),
  libraryCounts: db.prepare('SELECT * FROM library_counts WHERE total > 0 ORDER BY kind').all(),
  search: db
    .prepare(`SELECT rowid FROM contents_fts WHERE contents_fts MATCH '"amb"*' ORDER BY rowid`)
    .pluck()
    .all(),
});

const tableSql = (db: Database, name: string) =>
  db.prepare(`SELECT sql FROM sqlite_master WHERE name = ?`).pluck().get(name) as string;

describe('store migration 5 (return-kinds-and-library-columns)', () => {
  it('keeps every row of the rebuilt tables, the library rows, counts and search', async () => {
    const store = await encryptedStore();
    close = store.close;
    migrateTo(store.db, 4);
    seedLibrary(store.db);
    const before = snapshot(store.db);
    expect(before.outbox).toHaveLength(2);
    expect(before.libraryRows).toHaveLength(4);

    expect(migrateTo(store.db, 5)).toEqual([5]);
    expect(snapshot(store.db)).toEqual(before);
    expect(store.db.pragma('foreign_key_check')).toEqual([]);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(tableSql(store.db, 'licenses')).not.toMatch(/collection|buyback/);
    expect(tableSql(store.db, 'outbox')).not.toMatch(/collection|buyback/);
  });

  it('still refuses a license of an unknown content or state, and keeps the rows by triggers', async () => {
    const store = await encryptedStore();
    close = store.close;
    migrateTo(store.db, 5);
    const contentId = insertContent(store.db);
    expect(() => insertLicense(store.db, 'no-such-content')).toThrow(/FOREIGN KEY/);
    expect(() => insertLicense(store.db, contentId, { state: 'lost' as 'active' })).toThrow(
      /CHECK/,
    );
    const licenseId = insertLicense(store.db, contentId);
    const state = () =>
      store.db
        .prepare('SELECT state FROM library_rows WHERE license_id = ?')
        .pluck()
        .get(licenseId);
    expect(state()).toBe('active');
    store.db
      .prepare(`UPDATE licenses SET state = 'return_pending' WHERE license_id = ?`)
      .run(licenseId);
    expect(state()).toBe('return_pending');
  });

  it('refuses an unknown return kind, and accepts a new one once listed, without a rebuild', async () => {
    const store = await encryptedStore();
    close = store.close;
    migrateTo(store.db, 5);
    const contentId = insertContent(store.db);
    const licenseId = insertLicense(store.db, contentId);
    expect(() =>
      insertLicense(store.db, insertContent(store.db), { pendingReturnKind: 'swap' }),
    ).toThrow(/unknown return kind/);
    const setKind = (kind: string) =>
      store.db
        .prepare('UPDATE licenses SET pending_return_kind = ? WHERE license_id = ?')
        .run(kind, licenseId);
    expect(() => setKind('swap')).toThrow(/unknown return kind/);
    expect(() => insertOutbox(store.db, licenseId, contentId, 'swap')).toThrow(
      /unknown return kind/,
    );
    setKind('buyback');
    const returnId = insertOutbox(store.db, licenseId, contentId, 'collection');
    expect(() =>
      store.db.prepare(`UPDATE outbox SET kind = 'swap' WHERE return_id = ?`).run(returnId),
    ).toThrow(/unknown return kind/);

    const schemaBefore = store.db.prepare('SELECT sql FROM sqlite_master ORDER BY name').all();
    syncReturnKinds(store.db, ['collection', 'buyback', 'swap']);
    syncReturnKinds(store.db, ['collection', 'buyback', 'swap']);
    setKind('swap');
    store.db.prepare(`UPDATE outbox SET kind = 'swap' WHERE return_id = ?`).run(returnId);
    expect(store.db.prepare('SELECT sql FROM sqlite_master ORDER BY name').all()).toEqual(
      schemaBefore,
    );
    expect(store.db.prepare('SELECT name FROM return_kinds ORDER BY name').pluck().all()).toEqual([
      'buyback',
      'collection',
      'swap',
    ]);
  });
});
