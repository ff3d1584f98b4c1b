import { z } from 'zod';
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

const cachedKeySchema = z.array(licenseKeySchema);

/** The cached published keys: the key set, plus the single key older versions cached. */
function cachedKeys(ctx: CoreContext): LicenseKey[] {
  const keys = ctx.store.meta.get(META_KEYS.licenseKeys, cachedKeySchema) ?? [];
  const single = ctx.store.meta.get(META_KEYS.licenseKey, licenseKeySchema);
  return single && !keys.some((key) => key.keyId === single.keyId) ? [...keys, single] : keys;
}

/** The server's published keys, fetched and cached; the single current key from older servers. */
async function fetchKeys(ctx: CoreContext): Promise<LicenseKey[]> {
  try {
    const { keySet } = await ctx.api.call('licenseKeys');
    return keySet.keys;
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'NOT_FOUND')) throw error;
    return [await ctx.api.call('licenseKey')];
  }
}

/**
 * The server's public key with this id (or any one when no id is given): the cached copy, or
 * the published key set fetched (and cached) when the id is not cached yet. After a rotation a
 * new license names a new key and triggers one fetch; an older license still finds its key,
 * because the server keeps publishing it.
 */
export async function licenseKey(ctx: CoreContext, keyId?: string): Promise<LicenseKey | null> {
  const cached = cachedKeys(ctx);
  const hit = cached.find((key) => keyId === undefined || key.keyId === keyId);
  if (hit) return hit;
  try {
    const fresh = await fetchKeys(ctx);
    ctx.store.meta.set(META_KEYS.licenseKeys, fresh);
    // The set replaces the old cache: a key the server stopped publishing is no longer trusted.
    ctx.store.meta.delete(META_KEYS.licenseKey);
    return fresh.find((key) => keyId === undefined || key.keyId === keyId) ?? null;
  } catch (error) {
    ctx.logger.warn('license key not available', {
      code: error instanceof AppError ? error.code : 'unknown',
    });
    return null;
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
