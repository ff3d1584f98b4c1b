import type { Database } from 'better-sqlite3-multiple-ciphers';
import { join } from 'node:path';
import type { KeyProvider } from '../app-core-api';
import { accountQueries } from './account';
import { contentQueries } from './contents';
import { coverQueries } from './covers';
import { libraryQueries } from './library-queries';
import { licenseQueries } from './licenses';
import { metaQueries } from './meta';
import { migrateStore } from './migrate-store';
import { openEncryptedDatabase } from './open-database';
import { outboxQueries } from './outbox';
import { placeQueries } from './places';
import { prepareOnUse } from './prepare-on-use';
import { purchaseQueries } from './purchases';
import { receiptQueries } from './receipts';
import { tagQueries } from './tags';
import { walletQueries } from './wallet';
import { warmUpLibrary, type WarmUp } from './warm-up';

export const STORE_FILE = 'library.db';

/** The local store: one encrypted SQLite file, its queries grouped by domain. */
export interface Store {
  readonly db: Database;
  readonly account: ReturnType<typeof accountQueries>;
  readonly meta: ReturnType<typeof metaQueries>;
  readonly contents: ReturnType<typeof contentQueries>;
  readonly covers: ReturnType<typeof coverQueries>;
  readonly licenses: ReturnType<typeof licenseQueries>;
  readonly library: ReturnType<typeof libraryQueries>;
  readonly outbox: ReturnType<typeof outboxQueries>;
  readonly receipts: ReturnType<typeof receiptQueries>;
  readonly wallet: ReturnType<typeof walletQueries>;
  readonly purchases: ReturnType<typeof purchaseQueries>;
  readonly places: ReturnType<typeof placeQueries>;
  readonly tags: ReturnType<typeof tagQueries>;
  /** The library's search pages read into the cache in the background after open (warm-up.ts). */
  readonly warmUp: Pick<WarmUp, 'done'>;
  /** Runs `fn` in one write transaction (BEGIN IMMEDIATE). */
  transaction<T>(fn: () => T): T;
  /** Forgets the previous user's library (another user signed in on this device). */
  clearUserData(): void;
  close(): void;
}

export async function openStore(dataDir: string, keyProvider: KeyProvider): Promise<Store> {
  const db = await openEncryptedDatabase(join(dataDir, STORE_FILE), keyProvider);
  try {
    migrateStore(db);
  } catch (error) {
    db.close();
    throw error;
  }
  const warmUp = warmUpLibrary(db);
  // The query groups' statements are compiled at their first use (prepare-on-use.ts).
  const q = prepareOnUse(db);
  return {
    db,
    warmUp: { done: warmUp.done },
    account: accountQueries(q),
    meta: metaQueries(q),
    contents: contentQueries(q),
    covers: coverQueries(q),
    licenses: licenseQueries(q),
    library: libraryQueries(q),
    outbox: outboxQueries(q),
    receipts: receiptQueries(q),
    wallet: walletQueries(q),
    purchases: purchaseQueries(q),
    places: placeQueries(q),
    tags: tagQueries(q),
    transaction: <T>(fn: () => T): T => db.transaction(fn).immediate(),
    clearUserData: db.transaction(() => {
      db.exec(`DELETE FROM outbox; DELETE FROM licenses; DELETE FROM contents; DELETE FROM receipts;
               DELETE FROM ledger; DELETE FROM wallet; DELETE FROM pending_purchases;
               DELETE FROM positions; DELETE FROM bookmarks;
               DELETE FROM item_tags; DELETE FROM saved_searches;
               DELETE FROM meta WHERE key IN ('sync_cursor', 'last_sync_at', 'places_cursor')`);
    }),
    close: () => {
      warmUp.stop();
      db.close();
    },
  };
}
