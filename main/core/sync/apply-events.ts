import type { SyncEvent } from '../../../shared/api/sync';
import type { CoreContext } from '../core-context';
import { addLicense } from '../library/add-license';
import { applyReceipt } from '../returns/return-receipt';

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
  // Runs of purely local events share one transaction (a first sync may bring thousands);
  // a return is applied on its own, as it deletes files between its transactions.
  let batch: LocalEvent[] = [];
  const flush = () => {
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
      batch.push(event);
      continue;
    }
    flush();
    // Returned from another device (or this one, already handled): same path as our own.
    if (await applyReceipt(ctx, event.receipt)) result.libraryChanged = true;
    result.walletChanged = true;
  }
  flush();
  return result;
}
