import { AppError } from '../../shared/errors';
import {
  licenseKeySetSchema,
  verifyKeySetSignature,
  type LicenseKey,
  type LicenseKeySet,
} from '../../shared/license-document';
import type { CoreContext } from './core-context';
import { META_KEYS } from './store/meta';

/**
 * The keys of a key set that one of the pinned roots signed; none otherwise. This is the only
 * way a key becomes trusted (docs/design.md §7.4).
 */
async function keysSignedByRoot(
  ctx: CoreContext,
  set: LicenseKeySet | null,
): Promise<LicenseKey[]> {
  if (!set) return [];
  return (await verifyKeySetSignature(set, ctx.licenseRoots)) ? set.keySet.keys : [];
}

/**
 * The cached signed key set, verified against the pinned roots again at every use: the store is
 * a cache, never a source of trust, so a key written into it (or a root signature edited) is
 * worth nothing. Older versions' unsigned caches (`license_key`, `license_keys`) are never read.
 */
function cachedKeys(ctx: CoreContext): Promise<LicenseKey[]> {
  return keysSignedByRoot(ctx, ctx.store.meta.get(META_KEYS.licenseKeySet, licenseKeySetSchema));
}

/**
 * The server's key set, fetched and cached only when one of the pinned roots signed it; a set
 * the roots did not sign (a server with another root, or someone in the middle) caches nothing.
 */
async function fetchKeys(ctx: CoreContext): Promise<LicenseKey[]> {
  const set = await ctx.api.call('licenseKeys');
  const keys = await keysSignedByRoot(ctx, set);
  if (keys.length === 0) {
    ctx.logger.warn('the server key set is not signed by a pinned root; no key trusted', {
      currentKeyId: set.keySet.currentKeyId,
    });
    return [];
  }
  // The set replaces the old cache: a key the server stopped publishing is no longer trusted.
  ctx.store.meta.set(META_KEYS.licenseKeySet, set);
  ctx.store.meta.delete(META_KEYS.licenseKeys);
  ctx.store.meta.delete(META_KEYS.licenseKey);
  return keys;
}

/**
 * The server's public key with this id (or any one when no id is given), trusted through the
 * pinned root: from the verified cache, or the key set fetched (and verified) when the id is not
 * cached yet. After a rotation a new license names a new key, signed into the set by the root,
 * and triggers one fetch; an older license still finds its key, as the server keeps publishing it.
 */
export async function licenseKey(ctx: CoreContext, keyId?: string): Promise<LicenseKey | null> {
  const matches = (key: LicenseKey) => keyId === undefined || key.keyId === keyId;
  const hit = (await cachedKeys(ctx)).find(matches);
  if (hit) return hit;
  try {
    return (await fetchKeys(ctx)).find(matches) ?? null;
  } catch (error) {
    ctx.logger.warn('license key not available', {
      code: error instanceof AppError ? error.code : 'unknown',
    });
    return null;
  }
}
