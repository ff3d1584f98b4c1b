import { randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors';
import {
  signedLeaseSchema,
  verifyLeaseSignature,
  type LeaseDocument,
} from '../../shared/offline-lease';
import type { CoreContext } from './core-context';
import {
  CLOCK_SKEW_MS,
  noteSignedTime,
  observeLeaseTime,
  peekLeaseTime,
  type LeaseTime,
} from './lease-clock';
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
 * Whether the stored lease of the signed-in user still serves the sync engine: it ends later
 * than `margin` from now and lists every license this device holds (a purchase made since, here
 * or paid through an order, is not in it). Its signature is checked at use, not here.
 */
export function storedLeaseCurrent(ctx: CoreContext, marginMs: number): boolean {
  const signed = ctx.store.meta.get(META_KEYS.offlineLease, signedLeaseSchema);
  if (!signed || signed.document.userId !== ctx.store.account.get().userId) return false;
  const now = peekLeaseTime(ctx).nowMs;
  if (Date.parse(signed.document.offlineUntil) - now <= marginMs) return false;
  const listed = new Set(signed.document.licenseIds);
  return ctx.store.licenses.activeIds().every((id) => listed.has(id));
}

/**
 * Fetches a new lease (every license the user holds now, one signature) and keeps it once it
 * verifies. The sync engine calls it after a pull (see LEASE_RENEW_MS in sync-engine.ts); a lease that does not verify is refused
 * and the one stored stays. The request's random nonce, signed back in the lease, proves its
 * issue time is the server's time now (lease-clock.ts); a lease without it that is older than
 * the newest server time seen (one played back) is refused as well.
 */
export async function renewLease(ctx: CoreContext): Promise<void> {
  const nonce = randomBytes(16).toString('base64url');
  const { lease } = await ctx.api.call('offlineLease', { query: { nonce } });
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
  if (!noteSignedTime(ctx, lease.document.issuedAt, lease.document.nonce === nonce)) {
    throw new AppError(
      'LICENSE_INVALID',
      'The license server sent an offline lease older than the one this device already had.',
    );
  }
  ctx.store.meta.set(META_KEYS.offlineLease, lease);
}

interface LeaseState {
  /** Until when the license may open offline; null when no valid lease lists it. */
  until: string | null;
  time: LeaseTime;
}

/**
 * The license's lease and the lease clock now, stored as its new mark when `keep` (an open);
 * a look for the detail view writes nothing, as any write to the store drops the library
 * list's kept searches (library-queries.ts).
 */
async function leaseState(ctx: CoreContext, licenseId: string, keep = true): Promise<LeaseState> {
  const lease = await verifiedLease(ctx);
  const floor = lease?.issuedAt ?? null;
  const time = keep ? observeLeaseTime(ctx, floor) : peekLeaseTime(ctx, floor);
  return { until: lease?.licenseIds.includes(licenseId) ? lease.offlineUntil : null, time };
}

/** Until when this license may open offline; null when no valid lease lists it. */
export async function offlineUntil(ctx: CoreContext, licenseId: string): Promise<string | null> {
  return (await leaseState(ctx, licenseId, false)).until;
}

/**
 * The lease line of the item's detail: until when it opens offline, and whether the device
 * clock is behind the lease clock (then it opens offline only after a sync).
 */
export async function offlineStatus(
  ctx: CoreContext,
  licenseId: string,
): Promise<{ offlineUntil: string | null; clockBehind: boolean }> {
  const { until, time } = await leaseState(ctx, licenseId, false);
  return { offlineUntil: until, clockBehind: clockBehind(time) };
}

function clockBehind(time: LeaseTime): boolean {
  return time.behindMs > CLOCK_SKEW_MS;
}

function usable(state: LeaseState): boolean {
  return state.until !== null && state.time.nowMs < Date.parse(state.until);
}

/**
 * Throws OFFLINE_LEASE_EXPIRED unless a lease lists this license and has not ended. When the
 * server is reachable, a lease that does not cover it (a license bought since the last sync,
 * or a lease past its date) is renewed once first, so only a device that cannot reach the
 * server, or a license the server no longer holds for the user, is refused.
 */
export async function checkLease(ctx: CoreContext, licenseId: string): Promise<void> {
  let state = await leaseState(ctx, licenseId);
  if (usable(state) && !clockBehind(state.time)) return;
  if (ctx.isOnline()) {
    try {
      await renewLease(ctx);
      state = await leaseState(ctx, licenseId);
      // The server has just signed the time: a device clock behind it is not refused here.
      if (usable(state)) return;
    } catch (error) {
      ctx.logger.info('offline lease not renewed', {
        code: error instanceof AppError ? error.code : 'unknown',
      });
    }
  }
  throw leaseError(state);
}

function leaseError({ until, time }: LeaseState): AppError {
  if (until !== null && clockBehind(time)) {
    return new AppError(
      'DEVICE_CLOCK_BEHIND',
      `Your computer's clock is behind: this device has already seen ${formatUtc(new Date(time.nowMs).toISOString())}, so content cannot open offline. Set the clock right, or connect to the internet and sync to open it.`,
      { data: { offlineUntil: until, trustedTime: new Date(time.nowMs).toISOString() } },
    );
  }
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
