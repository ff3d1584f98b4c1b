import type { LicenseView } from '../../../shared/api/licenses';
import type { CoreContext } from '../core-context';

/**
 * Adds a license the server issued (purchase, upgrade privilege, or a sync event from another
 * device) with its content metadata. Call inside a transaction. Returns false when the license
 * was already known. A different license still held for the same content can only be stale
 * (the server issues one license per content and user), so it gives way.
 */
export function addLicense(ctx: CoreContext, view: LicenseView): boolean {
  const { store } = ctx;
  if (store.licenses.get(view.licenseId)) return false;
  const stale = store.licenses.getByContent(view.content.contentId);
  if (stale) {
    ctx.logger.warn('replacing a stale license for the same content', {
      contentId: view.content.contentId,
    });
    store.outbox.removeByLicense(stale.licenseId);
    store.licenses.delete(stale.licenseId);
  }
  store.contents.upsert(view.content, ctx.now());
  return store.licenses.insert(view);
}
