import { AppError } from '../../shared/errors';
import { signedLicenseSchema, verifyLicenseSignature } from '../../shared/license-document';
import type { CoreContext } from './core-context';
import { licenseKey } from './license-keys';
import { checkLease } from './offline-lease';
import type { ContentRow } from './store/contents';
import type { LicenseRow } from './store/licenses';

export interface CheckedLicense {
  license: LicenseRow;
  content: ContentRow;
}

/**
 * Whether the stored license is genuine: the server's Ed25519 signature holds over the document,
 * and the document names this user, this license, this content and its version. Every field is
 * compared with the row around it, so editing a column (or the document) breaks the check.
 */
export async function verifyStoredLicense(
  ctx: CoreContext,
  license: LicenseRow,
  content: ContentRow,
): Promise<boolean> {
  let signed;
  try {
    const parsed = signedLicenseSchema.safeParse(JSON.parse(license.signed));
    if (!parsed.success) return false;
    signed = parsed.data;
  } catch {
    return false;
  }
  const doc = signed.document;
  const userId = ctx.store.account.get().userId;
  if (
    doc.userId !== userId ||
    doc.licenseId !== license.licenseId ||
    doc.contentId !== content.contentId ||
    doc.contentId !== license.contentId ||
    doc.productId !== content.productId ||
    doc.version !== content.version ||
    doc.purchaseId !== license.purchaseId
  ) {
    return false;
  }
  const key = await licenseKey(ctx, doc.keyId);
  return key !== null && (await verifyLicenseSignature(signed, key));
}

/** Everything that must hold before a content is downloaded. Throws AppError. */
export async function checkLicense(ctx: CoreContext, contentId: string): Promise<CheckedLicense> {
  const content = ctx.store.contents.get(contentId);
  const license = ctx.store.licenses.getByContent(contentId);
  if (!content || !license) throw new AppError('NOT_FOUND', 'This content is not in your library');
  if (license.state !== 'active') throw new AppError('LICENSE_LOCKED');
  if (!(await verifyStoredLicense(ctx, license, content))) throw new AppError('LICENSE_INVALID');
  return { license, content };
}

/**
 * Everything that must hold before a content is opened: the license as for a download, and an
 * offline lease that covers it and has not ended (docs/design.md §7.4). Throws AppError.
 */
export async function checkLicenseToOpen(
  ctx: CoreContext,
  contentId: string,
): Promise<CheckedLicense> {
  const checked = await checkLicense(ctx, contentId);
  await checkLease(ctx, checked.license.licenseId);
  return checked;
}
