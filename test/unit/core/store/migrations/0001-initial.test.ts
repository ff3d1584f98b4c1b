import { afterEach, describe, expect, it } from 'vitest';
import {
  encryptedStore,
  insertContent,
  insertLicense,
  migrateTo,
  schemaNames,
} from '../../../../fixtures/store-migrations';

let close = () => {};
afterEach(() => close());

describe('store migration 1 (initial)', () => {
  it('creates the tables of an empty store, and they take the rows the app writes', async () => {
    const store = await encryptedStore();
    close = store.close;
    expect(migrateTo(store.db, 1)).toEqual([1]);
    expect(schemaNames(store.db, 'table')).toEqual([
      'account',
      'contents',
      'ledger',
      'licenses',
      'meta',
      'outbox',
      'pending_purchases',
      'receipts',
      'schema_migrations',
      'wallet',
    ]);
    const contentId = insertContent(store.db, { vaultFile: 'a.vault' });
    insertLicense(store.db, contentId);
    expect(
      store.db
        .prepare('SELECT downloaded FROM contents WHERE content_id = ?')
        .pluck()
        .get(contentId),
    ).toBe(1);
  });

  it('refuses a license of an unknown content, state or return kind', async () => {
    const store = await encryptedStore();
    close = store.close;
    migrateTo(store.db, 1);
    const contentId = insertContent(store.db);
    expect(() => insertLicense(store.db, 'no-such-content')).toThrow(/FOREIGN KEY/);
    expect(() => insertLicense(store.db, contentId, { state: 'lost' as 'active' })).toThrow(
      /CHECK/,
    );
    expect(() => insertLicense(store.db, contentId, { pendingReturnKind: 'swap' })).toThrow(
      /CHECK/,
    );
  });
});
