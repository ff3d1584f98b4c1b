import { AppError } from '../../../shared/errors';
import type { LibraryItemDetail } from '../../../shared/ipc/library';
import type { CoreContext } from '../core-context';
import { verifyStoredLicense } from '../license-check';
import { offlineStatus } from '../offline-lease';
import { localEligibility } from '../returns/local-eligibility';

export async function libraryDetail(
  ctx: CoreContext,
  contentId: string,
): Promise<LibraryItemDetail> {
  const item = ctx.store.library.item(contentId);
  const content = ctx.store.contents.get(contentId);
  const license = ctx.store.licenses.getByContent(contentId);
  if (!item || !content || !license || license.state === 'confirmed') {
    throw new AppError('NOT_FOUND', 'This content is not in your library');
  }
  const local = localEligibility(ctx, license, content);
  const offline = await offlineStatus(ctx, license.licenseId);
  return {
    ...item,
    description: content.description,
    sha256: content.sha256,
    issuedAt: license.issuedAt,
    purchaseId: license.purchaseId,
    returnDeadline: license.returnDeadline,
    priceCents: content.priceCents,
    licenseValid: await verifyStoredLicense(ctx, license, content),
    offlineUntil: offline.offlineUntil,
    offlineClockBehind: offline.clockBehind,
    pendingReturnKind: license.pendingReturnKind,
    returnSending: ctx.store.outbox.getByLicense(license.licenseId)?.status === 'sending',
    returnPolicy: local.policy,
    // Known for good on this device; the limit is left to the dialog (it frees up).
    cannotReturn: local.refusal?.code === 'RETURN_LIMIT_REACHED' ? null : local.refusal,
  };
}
