import type { SyncEvent } from '../../../shared/api/sync';
import type { CoreContext } from '../core-context';
import { addLicense } from '../library/add-license';
import type { Receipt } from '../../../shared/api/returns';
import { applyReceipts } from '../returns/return-receipt';

export interface AppliedEvents {
  libraryChanged: boolean;
  walletChanged: boolean;
}

type LocalEvent = Exclude<SyncEvent, { type: 'license.returned' }>;

/**
 * Applies one page of the server's event feed. Every event is idempotent locally (a known
 * license id is skipped, a receipt of a license no longer held only stores the receipt), so a
 * crash before the cursor moves just replays the page.
 */
export async function applyEvents(
  ctx: CoreContext,
  events: readonly SyncEvent[],
): Promise<AppliedEvents> {
  const result: AppliedEvents = { libraryChanged: false, walletChanged: false };
  // A license issued and returned within the same page (a new device catching up on history)
  // is never added: only its receipt is kept, and nothing flickers in the UI.
  const returned = new Set(
    events.flatMap((e) => (e.type === 'license.returned' ? [e.receipt.licenseId] : [])),
  );
  // Runs of purely local events share one transaction (a first sync may bring thousands), and
  // so do runs of receipts (applyReceipts: the files are deleted after their transaction).
  let batch: LocalEvent[] = [];
  let receipts: Receipt[] = [];
  const flushReceipts = async () => {
    if (receipts.length === 0) return;
    const pending = receipts;
    receipts = [];
    // Returned from another device (or this one, already handled): same path as our own.
    if ((await applyReceipts(ctx, pending)).includes(true)) result.libraryChanged = true;
    result.walletChanged = true;
  };
  const flush = () => {
    if (batch.length === 0) return;
    const pending = batch;
    batch = [];
    ctx.store.transaction(() => {
      for (const event of pending) {
        if (event.type === 'wallet.changed') {
          ctx.store.wallet.setBalance(event.balance, ctx.now());
          result.walletChanged = true;
        } else if (event.type === 'order.changed') {
          // Nothing to store: a paid order's license arrives as its own license.issued event.
          continue;
        } else if (!returned.has(event.license.licenseId) && addLicense(ctx, event.license)) {
          result.libraryChanged = true;
        }
      }
    });
  };
  for (const event of events) {
    if (event.type !== 'license.returned') {
      await flushReceipts();
      batch.push(event);
      continue;
    }
    flush();
    receipts.push(event.receipt);
  }
  flush();
  await flushReceipts();
  return result;
}
