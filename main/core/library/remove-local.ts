import type { CoreContext } from '../core-context';
import type { Downloads } from './downloads';

/**
 * Removes the local copies of contents, keeping their licenses: each can be downloaded again.
 * The row lets go of its vault file first and the file goes after, so a crash between the two
 * leaves an orphan that the next start removes (return-receipt.ts), never a row pointing at
 * nothing. A download under way for one of them is cancelled. Returns how many copies went.
 */
export async function removeLocalCopies(
  ctx: CoreContext,
  downloads: Downloads,
  contentIds: readonly string[],
): Promise<number> {
  const files: string[] = [];
  for (const contentId of contentIds) downloads.cancel(contentId);
  ctx.store.transaction(() => {
    for (const contentId of contentIds) {
      const file = ctx.store.contents.clearVault(contentId);
      if (file) files.push(file);
    }
  });
  for (const file of files) await ctx.vault.delete(file);
  if (files.length > 0) ctx.events.emit('library.changed', { reason: 'download' });
  return files.length;
}
