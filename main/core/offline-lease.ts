import { AppError } from '../../shared/errors';
import {
  signedLeaseSchema,
  verifyLeaseSignature,
  type LeaseDocument,
} from '../../shared/offline-lease';
import type { CoreContext } from './core-context';
import { licenseKey } from './license-keys';
import { META_KEYS } from './store/meta';

/**
 * The stored lease when it still verifies: signed by a key the pinned root vouches for, and for
 * the signed-in user. Checked at every use, like the licenses: the store is not trusted.
 */
async function verifiedLease(ctx: CoreContext): Promise<LeaseDocument | null> {
  const signed = ctx.store.meta.get(META_KEYS.offlineLease, signedLeaseSchema);
  if (!signed || signed.document.userId !== ctx.store.account.get().userId) return null;
  const key = await licenseKey(ctx, signed.document.keyId);
  return key && (await verifyLeaseSignature(signed, key)) ? signed.document : null;
}

/**
 * Fetches a new lease (every license the user holds now, one signature) and keeps it once it
 * verifies. The sync engine calls it after every pull; a lease that does not verify is refused
 * and the one stored stays.
 */
export async function renewLease(ctx: CoreContext): Promise<void> {
  const { lease } = await ctx.api.call('offlineLease');
  const key = await licenseKey(ctx, lease.document.keyId);
  if (
    lease.document.userId !== ctx.store.account.get().userId ||
    !key ||
    !(await verifyLeaseSignature(lease, key))
  ) {
    throw new AppError(
      'LICENSE_INVALID',
      'The license server sent an offline lease that could not be verified.',
    );
  }
  ctx.store.meta.set(META_KEYS.offlineLease, lease);
}

/** Until when this license may open offline; null when no valid lease lists it. */
export async function offlineUntil(ctx: CoreContext, licenseId: string): Promise<string | null> {
  const lease = await verifiedLease(ctx);
  return lease?.licenseIds.includes(licenseId) ? lease.offlineUntil : null;
}

function usable(until: string | null, now: string): until is string {
  return until !== null && Date.parse(now) < Date.parse(until);
}

/**
 * Throws OFFLINE_LEASE_EXPIRED unless a lease lists this license and has not ended. When the
 * server is reachable, a lease that does not cover it (a license bought since the last sync,
 * or a lease past its date) is renewed once first, so only a device that cannot reach the
 * server, or a license the server no longer holds for the user, is refused.
 */
export async function checkLease(ctx: CoreContext, licenseId: string): Promise<void> {
  let until = await offlineUntil(ctx, licenseId);
  if (usable(until, ctx.now())) return;
  if (ctx.isOnline()) {
    try {
      await renewLease(ctx);
      until = await offlineUntil(ctx, licenseId);
      if (usable(until, ctx.now())) return;
    } catch (error) {
      ctx.logger.info('offline lease not renewed', {
        code: error instanceof AppError ? error.code : 'unknown',
      });
    }
  }
  throw leaseError(until);
}

function leaseError(until: string | null): AppError {
  const message =
    until === null
      ? 'The license server has not confirmed this license for offline use on this device, so it cannot open. Connect to the internet and sync to open it.'
      : `This content could be used offline until ${formatUtc(until)}, and that time has passed. Connect to the internet and sync to open it again.`;
  return new AppError('OFFLINE_LEASE_EXPIRED', message, { data: { offlineUntil: until } });
}

function formatUtc(iso: string): string {
  const formatted = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(new Date(iso));
  return `${formatted} UTC`;
}
