import type { LedgerEntry } from '../../../shared/api/wallet';
import type { CoreContext } from '../core-context';

const MAX_PAGES = 20;

/** Replaces the cached wallet with the server's (balance and ledger, newest first). */
export async function refreshWallet(ctx: CoreContext, force: boolean): Promise<void> {
  if (!force) return;
  const entries: LedgerEntry[] = [];
  let cursor: string | undefined;
  let balance = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const wallet = await ctx.api.call('wallet', {
      query: { limit: 100, ...(cursor ? { cursor } : {}) },
    });
    if (page === 0) balance = wallet.balance;
    entries.push(...wallet.entries);
    if (!wallet.nextCursor) break;
    cursor = wallet.nextCursor;
  }
  const before = ctx.store.wallet.view();
  ctx.store.wallet.replaceLedger(balance, entries, ctx.now());
  // A return's receipt already set the balance, but the ledger line it added is new: the UI
  // must hear of that too, or the wallet screen shows a stale ledger until the next change.
  const ledgerChanged =
    before.entries.length !== entries.length || before.entries[0]?.id !== entries[0]?.id;
  if (before.balance !== balance || ledgerChanged) {
    ctx.events.emit('wallet.changed', { balance, at: ctx.now() });
  }
}
