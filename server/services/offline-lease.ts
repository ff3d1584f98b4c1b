import type { LeaseQuery, LeaseResponse } from '../../shared/offline-lease';
import type { ServerContext } from '../context';
import { listLicenseIds } from '../db/licenses';
import { iso } from '../util/clock';
import type { Caller } from './auth';

/**
 * A new offline lease for every license the caller holds now (docs/design.md §7.4): signed with
 * the current license key, usable offline for the configured period. Nothing is stored: the
 * lease is a statement about the licenses table at this moment, and a returned license (its row
 * deleted in the return's transaction) is simply not in the next one. The app's nonce, when it
 * sent one, is signed with it: the app then knows `issuedAt` is this server's time now.
 */
export async function issueLease(
  ctx: ServerContext,
  caller: Caller,
  query: LeaseQuery = {},
): Promise<LeaseResponse> {
  const now = ctx.clock();
  const licenseIds = (await listLicenseIds(ctx.db, caller.userId)).sort();
  const lease = ctx.signer.signLease({
    userId: caller.userId,
    issuedAt: iso(now),
    offlineUntil: iso(now + ctx.offlineLeaseMs),
    licenseIds,
    ...(query.nonce === undefined ? {} : { nonce: query.nonce }),
  });
  return { lease };
}
