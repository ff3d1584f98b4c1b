import type { Receipt } from '../../../shared/api/returns';
import type { CoreContext } from '../core-context';
import { applyPrivilege } from './privilege-effects';

/**
 * The end of a return, whoever started it (this device's outbox, a 409 with another return's
 * receipt, or a `license.returned` event from another device). Three steps, in this order, so
 * a crash anywhere leaves a state the next start can finish:
 *   1. one transaction: store the receipt, mark the license `confirmed`, drop its outbox row,
 *      apply the privilege (privilege-effects.ts: an upgrade adds its license), cache the new
 *      balance;
 *   2. delete the vault file;
 *   3. one transaction: delete the license and content rows.
 * When the content was never downloaded there is no file, so step 3 joins step 1's
 * transaction: one write fewer per return (a full outbox is mostly such returns).
 * Returns whether a local license was affected (false for a receipt of something not held here).
 */
export async function applyReceipt(ctx: CoreContext, receipt: Receipt): Promise<boolean> {
  const [affected] = await applyReceipts(ctx, [receipt]);
  return affected ?? false;
}

/**
 * `applyReceipt` for many receipts (a batch answer, a page of the feed): step 1 of all of them
 * is ONE transaction (docs/design.md §5.1), each receipt's rows exactly as alone; steps 2 and 3
 * follow per downloaded content. Answers, per receipt, whether a local license was affected.
 */
export async function applyReceipts(
  ctx: CoreContext,
  receipts: readonly Receipt[],
): Promise<boolean[]> {
  if (receipts.length === 0) return [];
  const { store } = ctx;
  const stored = store.transaction(() => {
    // Receipts sent concurrently arrive in any order: only the newest one's balance is current.
    let newest = store.receipts.newestReturnedAt();
    let current: Receipt | null = null;
    const each = receipts.map((receipt) => {
      const license = store.licenses.get(receipt.licenseId);
      const inserted = store.receipts.insert(receipt);
      if (inserted && (newest === null || receipt.returnedAt >= newest)) {
        newest = receipt.returnedAt;
        current = receipt;
      }
      store.outbox.removeByLicense(receipt.licenseId);
      // A receipt stored before had its privilege applied in that transaction: applied again (a
      // replayed feed page), an upgrade license returned since would come back.
      if (inserted) applyPrivilege(ctx, receipt);
      const content = license && store.contents.get(license.contentId);
      const finished = license !== undefined && !content?.vaultFile;
      // Deleted in this same transaction: `confirmed` would never be seen, so it is not written
      // (the update would cost the library's row triggers once more for each receipt).
      if (finished) deleteRows(ctx, license.licenseId, license.contentId);
      else if (license) store.licenses.markConfirmed(license.licenseId);
      return { receipt, license, finished };
    });
    if (current) store.wallet.setBalance((current as Receipt).balance, ctx.now());
    return { each, current: current as Receipt | null };
  });
  if (stored.current) {
    ctx.events.emit('wallet.changed', { balance: stored.current.balance, at: ctx.now() });
  }
  const affected = stored.each.filter((item) => item.license !== undefined);
  if (affected.length === 0) return stored.each.map(() => false);

  await ctx.faults.afterReceiptStored?.();
  for (const { license, finished } of affected) {
    if (license && !finished) await finishConfirmed(ctx, license.licenseId);
  }
  for (const { receipt } of affected) ctx.events.emit('return.confirmed', { receipt });
  ctx.events.emit('library.changed', { reason: 'return' });
  return stored.each.map((item) => item.license !== undefined);
}

/** The license, its content row and its places (docs/design.md §11.4), in the caller's transaction. */
function deleteRows(ctx: CoreContext, licenseId: string, contentId: string): void {
  ctx.store.licenses.delete(licenseId);
  ctx.store.contents.delete(contentId);
  ctx.store.places.deleteForContent(contentId);
}

/** Steps 2 and 3 for a license already `confirmed`. Safe to repeat. */
export async function finishConfirmed(ctx: CoreContext, licenseId: string): Promise<void> {
  const { store } = ctx;
  const license = store.licenses.get(licenseId);
  if (!license || license.state !== 'confirmed') return;
  const content = store.contents.get(license.contentId);
  if (content?.vaultFile) await ctx.vault.delete(content.vaultFile);
  const cover = content ? store.covers.get(content.contentId) : undefined;
  if (cover) await ctx.vault.delete(cover.file);
  store.transaction(() => deleteRows(ctx, licenseId, license.contentId));
}

/**
 * At start: finish every return that has its receipt but not its deletions (the app stopped in
 * between), then remove vault files no content row owns (half downloads, leftovers).
 */
export async function recoverReturns(
  ctx: CoreContext,
): Promise<{ finished: number; orphansRemoved: number }> {
  const confirmed = ctx.store.licenses.listByState('confirmed');
  for (const license of confirmed) await finishConfirmed(ctx, license.licenseId);
  const owned = new Set([...ctx.store.contents.vaultFiles(), ...ctx.store.covers.files()]);
  const orphans = await ctx.vault.removeOrphans(owned);
  if (confirmed.length > 0 || orphans.length > 0) {
    ctx.logger.info('recovered at start', {
      finishedReturns: confirmed.length,
      orphanFiles: orphans.length,
    });
  }
  return { finished: confirmed.length, orphansRemoved: orphans.length };
}
