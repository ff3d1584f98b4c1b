import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { LedgerEntry } from '../../../shared/api/wallet';
import type { WalletView } from '../../../shared/ipc/library';

type LedgerRow = Omit<WalletView['entries'][number], 'item'> & {
  itemContentId: string | null;
  itemTitle: string | null;
  itemVersion: number | null;
};

/** The cached wallet: shown offline, refreshed from the server by the sync engine. */
export function walletQueries(db: Database) {
  const select = db.prepare<[], { balance: number; asOf: string | null }>(
    'SELECT balance, as_of AS asOf FROM wallet WHERE id = 1',
  );
  const setBalance = db.prepare(
    `INSERT INTO wallet (id, balance, as_of) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET balance = excluded.balance, as_of = excluded.as_of`,
  );
  const entries = db.prepare<[], LedgerRow>(
    `SELECT id, delta, reason, reference, balance_after AS balanceAfter, created_at AS createdAt,
            item_content_id AS itemContentId, item_title AS itemTitle, item_version AS itemVersion
       FROM ledger ORDER BY created_at DESC, id DESC`,
  );
  const clearLedger = db.prepare('DELETE FROM ledger');
  const insertEntry = db.prepare(
    `INSERT INTO ledger (id, delta, reason, reference, balance_after, created_at,
                         item_content_id, item_title, item_version)
     VALUES (@id, @delta, @reason, @reference, @balanceAfter, @createdAt,
             @itemContentId, @itemTitle, @itemVersion) ON CONFLICT (id) DO NOTHING`,
  );

  return {
    view(): WalletView {
      const row = select.get();
      return {
        balance: row?.balance ?? 0,
        asOf: row?.asOf ?? null,
        entries: entries.all().map(({ itemContentId, itemTitle, itemVersion, ...entry }) => ({
          ...entry,
          item:
            itemContentId !== null && itemTitle !== null && itemVersion !== null
              ? { contentId: itemContentId, title: itemTitle, version: itemVersion }
              : null,
        })),
      };
    },
    setBalance(balance: number, asOf: string): void {
      setBalance.run(balance, asOf);
    },
    /** Replaces the cached ledger with the server's copy (a transaction: never half a ledger). */
    replaceLedger(balance: number, ledger: readonly LedgerEntry[], asOf: string): void {
      db.transaction(() => {
        clearLedger.run();
        for (const { item, ...entry } of ledger) {
          insertEntry.run({
            ...entry,
            itemContentId: item?.contentId ?? null,
            itemTitle: item?.title ?? null,
            itemVersion: item?.version ?? null,
          });
        }
        setBalance.run(balance, asOf);
      })();
    },
  };
}
