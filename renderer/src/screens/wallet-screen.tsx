import { useEffect } from 'react';
import { ErrorMessage } from '../components/error-message';
import { LedgerTable } from '../components/ledger-table';
import { OrdersTable } from '../components/orders-table';
import { ReceiptsTable } from '../components/receipts-table';
import { useAction } from '../hooks/use-action';
import { useChannel } from '../hooks/use-channel';
import { formatPoints, formatRelative } from '../lib/format';
import { privilegeView } from '../lib/privilege-views';
import { saveTextFile } from '../lib/save-file';
import { getShelf } from '../lib/shelf';

/** Points balance, ledger, purchases with money, return receipts and upgrades, with CSV export. */
export function WalletScreen() {
  // The ledger is a cache the sync engine refreshes, so it is re-read after every sync, and a sync
  // is asked for when the screen opens: the user came here to see what is current.
  const wallet = useChannel('wallet.get', {}, ['wallet.changed', 'sync.status']);
  useEffect(() => {
    getShelf()
      .invoke('sync.now', {})
      .catch(() => {
        // Offline or refused: the sync status in the header already says so.
      });
  }, []);
  // Orders live on the server (their payment is confirmed there), so they are read online after
  // each sync, and offline the section says it cannot show them rather than show a stale state.
  const orders = useChannel('wallet.orders', {}, ['sync.status', 'library.changed']);
  // Every confirmed return also changes the library; that signal comes coalesced in bursts.
  const returns = useChannel('returns.list', {}, ['library.changed']);
  const exportCsv = useAction(async (what: 'ledger' | 'receipts') => {
    const file = await getShelf().invoke('wallet.exportCsv', { what });
    saveTextFile(file.filename, file.csv);
  });
  const receipts = returns.data?.receipts ?? [];
  const upgrades = receipts.flatMap((r) => {
    const item = privilegeView(r.privilege.type).upgradeItem(r.privilege, r);
    return item === null ? [] : [{ returnId: r.returnId, item }];
  });

  return (
    <div className="screen wallet">
      <h1>Wallet and history</h1>
      <section className="card balance-card" aria-labelledby="balance-title">
        <h2 id="balance-title">Points balance</h2>
        <p className="big-number" data-testid="wallet-balance">
          {wallet.data ? formatPoints(wallet.data.balance) : '…'}
        </p>
        <p className="hint">
          1 point is worth $0.01 in the store.
          {wallet.data?.asOf ? ` Updated ${formatRelative(wallet.data.asOf)}.` : ''}
        </p>
        <div className="actions">
          <button
            type="button"
            className="button"
            onClick={() => void exportCsv.run('ledger')}
            disabled={exportCsv.pending}
          >
            Export ledger (CSV)
          </button>
          <button
            type="button"
            className="button"
            onClick={() => void exportCsv.run('receipts')}
            disabled={exportCsv.pending}
          >
            Export receipts (CSV)
          </button>
        </div>
        <ErrorMessage error={exportCsv.error} />
      </section>
      <ErrorMessage error={wallet.error} onRetry={wallet.reload} />

      <section aria-labelledby="ledger-title">
        <h2 id="ledger-title">Ledger</h2>
        {wallet.data ? <LedgerTable entries={wallet.data.entries} /> : null}
      </section>

      <section aria-labelledby="orders-title">
        <h2 id="orders-title">Purchases with money</h2>
        <ErrorMessage
          error={orders.error}
          onRetry={orders.reload}
          sentences={{
            OFFLINE: 'You are offline: purchases with money are shown when the connection is back.',
            SERVER_UNREACHABLE:
              'The license server cannot be reached, so purchases with money cannot be shown now.',
          }}
        />
        {orders.data && !orders.error ? <OrdersTable orders={orders.data.orders} /> : null}
      </section>

      <section aria-labelledby="receipts-title">
        <h2 id="receipts-title">Return receipts</h2>
        <ErrorMessage error={returns.error} onRetry={returns.reload} />
        {receipts.length > 0 ? (
          <ReceiptsTable receipts={receipts} caption="Return receipts" />
        ) : (
          <p className="empty">No returns yet.</p>
        )}
      </section>

      <section aria-labelledby="upgrades-title">
        <h2 id="upgrades-title">Upgrades</h2>
        {upgrades.length > 0 ? (
          <ul className="upgrade-list">
            {upgrades.map((u) => (
              <li key={u.returnId}>{u.item}</li>
            ))}
          </ul>
        ) : (
          <p className="empty">
            No upgrades yet. Trading in a content for its newest version shows here.
          </p>
        )}
      </section>
    </div>
  );
}
