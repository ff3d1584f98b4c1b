import { AppError } from '../../shared/errors';
import {
  licenseKeySchema,
  signedLicenseSchema,
  verifyLicenseSignature,
  type LicenseKey,
} from '../../shared/license-document';
import type { CoreContext } from './core-context';
import type { ContentRow } from './store/contents';
import type { LicenseRow } from './store/licenses';
import { META_KEYS } from './store/meta';

export interface CheckedLicense {
  license: LicenseRow;
  content: ContentRow;
}

/** The server's public key: the cached copy, or fetched (and cached) when missing or rotated. */
export async function licenseKey(ctx: CoreContext, keyId?: string): Promise<LicenseKey | null> {
  const cached = ctx.store.meta.get(META_KEYS.licenseKey, licenseKeySchema);
  if (cached && (keyId === undefined || cached.keyId === keyId)) return cached;
  try {
    const fresh = await ctx.api.call('licenseKey');
    ctx.store.meta.set(META_KEYS.licenseKey, fresh);
    return fresh;
  } catch (error) {
    ctx.logger.warn('license key not available', {
      code: error instanceof AppError ? error.code : 'unknown',
    });
    return cached;
  }
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

/** Everything that must hold before a content is opened or downloaded. Throws AppError. */
export async function checkLicense(ctx: CoreContext, contentId: string): Promise<CheckedLicense> {
  const content = ctx.store.contents.get(contentId);
  const license = ctx.store.licenses.getByContent(contentId);
  if (!content || !license) throw new AppError('NOT_FOUND', 'This content is not in your library');
  if (license.state !== 'active') throw new AppError('LICENSE_LOCKED');
  if (!(await verifyStoredLicense(ctx, license, content))) throw new AppError('LICENSE_INVALID');
  return { license, content };
}
